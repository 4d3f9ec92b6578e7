package io.loopshift.sample.scenario;

import io.loopshift.sample.cli.ServiceLifetime;
import io.loopshift.sample.nginx.NginxProxy;
import io.loopshift.sample.process.ChildProcess;
import io.loopshift.sample.process.JavaCommand;
import io.loopshift.sample.proxy.UpstreamKind;
import io.loopshift.sample.stats.SummaryLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The proxy of one scenario run: the sample's Java proxy in its own JVM, or real nginx. */
interface ScenarioProxy {

    /** The sample's proxy, its JVM started with these options (the agent's, or none). */
    static ScenarioProxy java(List<String> jvmOptions, int port, int backendPort, UpstreamKind client, String lifetimeSeconds)
            throws IOException {
        List<String> arguments = List.of("--listen", "127.0.0.1:" + port, "--upstream", "127.0.0.1:" + backendPort,
                "--client", client.key(), "--" + ServiceLifetime.UNTIL_STDIN_CLOSES, "--" + ServiceLifetime.MAX_SECONDS, lifetimeSeconds);
        return new JavaProxy(ChildProcess.start("proxy", JavaCommand.subcommand(jvmOptions, "proxy", arguments), Children.relay("proxy")));
    }

    /** nginx on {@code port}, proxying to {@code upstream} ({@code 127.0.0.1:port} or {@code unix:/path}). */
    static ScenarioProxy nginx(Path binary, int port, String upstream) throws IOException {
        return new Nginx(NginxProxy.start(binary, port, upstream, Children.relay("nginx")));
    }

    /** Waits until it serves; false (after a FAILED line) if it does not. */
    boolean awaitReady() throws InterruptedException;

    /** Asks it to stop, without waiting. */
    void requestStop() throws IOException, InterruptedException;

    /** Waits for it to end; true if it ended cleanly. */
    boolean awaitExit() throws InterruptedException;

    /** Prints its summary line ({@code PROXY} or {@code NGINX}); false (after a FAILED line) if there is none. */
    boolean report();

    /** The {@code EXIT} line's field for it. */
    String exitField();

    /** The Java proxy, a JVM with its own summary line. */
    final class JavaProxy implements ScenarioProxy {
        private final ChildProcess process;
        private int exit = -1;

        JavaProxy(ChildProcess process) {
            this.process = process;
        }

        ChildProcess process() {
            return process;
        }

        @Override
        public boolean awaitReady() throws InterruptedException {
            return Children.awaitReady(process);
        }

        @Override
        public void requestStop() {
            process.closeStdin();
        }

        @Override
        public boolean awaitExit() throws InterruptedException {
            exit = process.waitFor(Children.STOP_TIMEOUT_MILLIS);
            return exit == 0;
        }

        @Override
        public boolean report() {
            return Children.report(process, "PROXY");
        }

        @Override
        public String exitField() {
            return "proxy=" + exit;
        }
    }

    /** nginx, whose counts come from its error log when it stops. */
    final class Nginx implements ScenarioProxy {
        private final NginxProxy nginx;
        private SummaryLine counts;

        Nginx(NginxProxy nginx) {
            this.nginx = nginx;
        }

        @Override
        public boolean awaitReady() throws InterruptedException {
            if (nginx.awaitAccepting(Children.START_TIMEOUT_MILLIS)) {
                return true;
            }
            System.out.println("FAILED nginx did not accept connections within " + Children.START_TIMEOUT_MILLIS / 1000
                    + " s; its error log: " + String.join(" | ", nginx.errorLog()));
            return false;
        }

        @Override
        public void requestStop() throws IOException, InterruptedException {
            counts = nginx.stop();
        }

        @Override
        public boolean awaitExit() {
            return counts != null && counts.get("exit").equals("0");
        }

        @Override
        public boolean report() {
            if (counts == null) {
                System.out.println("FAILED nginx was not stopped, so it has no counts");
                return false;
            }
            System.out.println(counts);
            return true;
        }

        @Override
        public String exitField() {
            return "nginx=" + (counts == null ? "-1" : counts.get("exit"));
        }
    }
}
