package io.loopshift.sample.scenario;

import io.loopshift.sample.cli.Options;
import io.loopshift.sample.cli.ServiceLifetime;
import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.process.ChildProcess;
import io.loopshift.sample.process.JavaCommand;
import io.loopshift.sample.proxy.UpstreamKind;
import io.loopshift.sample.stats.SummaryLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code scenario --mode none|source|dest|unix --client kind [--agent jar]}: starts the backend and
 * the proxy (the proxy's JVM with {@code -javaagent} and the mode's route), runs the load against
 * the proxy, stops both, and prints, after the children's relayed output, a {@code RUN} line and
 * the children's own {@code BACKEND}, {@code PROXY} and {@code LOAD} lines verbatim, then one
 * {@code AGENT_LINE} per line the agent printed. The numbers stay the children's: nothing here
 * counts anything.
 */
public final class ScenarioCommand {
    public static final String NAME = "scenario";
    private static final long START_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_MILLIS = 15_000;

    private ScenarioCommand() {
    }

    public static int run(String[] args) throws UsageException, IOException, InterruptedException {
        Options options = Options.parse(NAME, args, Set.of("mode", "client", "agent", "pool", "requests", "seconds", "concurrency",
                "backend-port", "proxy-port", "socket-dir", "agent-log"), Set.of());
        RouteMode mode = RouteMode.parse(options.string("mode", "none"));
        if (mode == null) {
            throw new UsageException(NAME + ": --mode must be none, source, dest or unix");
        }
        UpstreamKind client = UpstreamKind.parse(options.string("client", "socket"));
        if (client == null) {
            throw new UsageException(NAME + ": --client must be one of " + UpstreamKind.keys());
        }
        Path agent = mode.usesAgent() ? Paths.get(options.required("agent")).toAbsolutePath() : null;
        if (agent != null && !Files.isRegularFile(agent)) {
            throw new UsageException(NAME + ": agent jar " + agent + " does not exist (build it with mvn -B -q package -DskipTests)");
        }
        int seconds = options.integer("seconds", 8, 1, 300);
        int backendPort = options.integer("backend-port", 18081, 1, 65535);
        int proxyPort = options.integer("proxy-port", 18080, 1, 65535);
        if (mode == RouteMode.DEST && KernelSettings.hasNetworkBeyondLoopback()) {
            throw new UsageException(NAME + ": --mode dest makes the backend listen on 0.0.0.0; run it only in a private network namespace"
                    + " (this one has interfaces besides loopback)");
        }
        // A temporary directory only when a socket is needed and none was given; removed again at the end.
        Path ownDir = mode == RouteMode.UNIX && !options.has("socket-dir") ? Files.createTempDirectory("loopshift-sample") : null;
        Path socketDir = ownDir != null ? ownDir : Paths.get(options.string("socket-dir", System.getProperty("java.io.tmpdir")));
        Path socket = socketDir.resolve("backend.sock").toAbsolutePath();
        String route = mode.route(backendPort, options.string("pool", mode.defaultPool()), socket);

        System.out.println(new SummaryLine("RUN").add("mode", mode.key()).add("client", client.key())
                .add("routes", route == null ? "none" : route)
                .add("port_range", KernelSettings.portRange()).add("tw_reuse", KernelSettings.twReuse())
                .add("java", Runtime.version()));

        String lifetime = String.valueOf(seconds + 120);
        List<String> backendArgs = new ArrayList<>(List.of("--listen", (mode == RouteMode.DEST ? "0.0.0.0" : "127.0.0.1") + ":" + backendPort,
                "--" + ServiceLifetime.UNTIL_STDIN_CLOSES, "--" + ServiceLifetime.MAX_SECONDS, lifetime));
        if (mode == RouteMode.UNIX) {
            backendArgs.addAll(List.of("--unix", socket.toString()));
        }
        List<String> proxyOptions = new ArrayList<>();
        if (agent != null) {
            proxyOptions.add("-javaagent:" + agent);
            proxyOptions.add("-Dloopshift.routes=" + route);
            proxyOptions.add("-Dloopshift.log=" + options.string("agent-log", "info"));
        }
        List<String> proxyArgs = List.of("--listen", "127.0.0.1:" + proxyPort, "--upstream", "127.0.0.1:" + backendPort,
                "--client", client.key(), "--" + ServiceLifetime.UNTIL_STDIN_CLOSES, "--" + ServiceLifetime.MAX_SECONDS, lifetime);
        List<String> loadArgs = List.of("--target", "127.0.0.1:" + proxyPort,
                "--concurrency", String.valueOf(options.integer("concurrency", 4, 1, 64)),
                "--requests", String.valueOf(options.integer("requests", 400_000, 1, 10_000_000)),
                "--seconds", String.valueOf(seconds));

        ChildProcess backend = ChildProcess.start("backend", JavaCommand.subcommand(List.of(), "backend", backendArgs), relay("backend"));
        ChildProcess proxy = ChildProcess.start("proxy", JavaCommand.subcommand(proxyOptions, "proxy", proxyArgs), relay("proxy"));
        ChildProcess load = null;
        int loadExit = -1;
        try {
            boolean ready = awaitReady(backend) & awaitReady(proxy);
            if (ready) {
                load = ChildProcess.start("load", JavaCommand.subcommand(List.of(), "load", loadArgs), relay("load"));
                loadExit = load.waitFor(seconds * 1000L + 60_000);
            }
        } finally {
            proxy.closeStdin();
            backend.closeStdin();
        }
        int proxyExit = proxy.waitFor(STOP_TIMEOUT_MILLIS);
        int backendExit = backend.waitFor(STOP_TIMEOUT_MILLIS);
        if (mode == RouteMode.UNIX) {
            Files.deleteIfExists(socket);
        }
        if (ownDir != null) {
            Files.deleteIfExists(ownDir);
        }

        boolean complete = report(backend, "BACKEND ") & report(proxy, "PROXY ") & (load != null && report(load, "LOAD "));
        for (String line : proxy.lines()) {
            if (line.startsWith("[loopshift]")) {
                System.out.println("AGENT_LINE " + line);
            }
        }
        System.out.println(new SummaryLine("EXIT").add("backend", backendExit).add("proxy", proxyExit).add("load", loadExit));
        return complete && backendExit == 0 && proxyExit == 0 && loadExit == 0 ? 0 : 1;
    }

    private static boolean awaitReady(ChildProcess child) throws InterruptedException {
        if (child.awaitLine(line -> line.startsWith("READY "), START_TIMEOUT_MILLIS) != null) {
            return true;
        }
        System.out.println("FAILED " + child.name() + " did not print READY within " + START_TIMEOUT_MILLIS / 1000 + " s");
        return false;
    }

    private static boolean report(ChildProcess child, String prefix) {
        String line = child.lastLineStartingWith(prefix);
        if (line == null) {
            System.out.println("FAILED " + child.name() + " printed no " + prefix.trim() + " line");
            return false;
        }
        System.out.println(line);
        return true;
    }

    private static Consumer<String> relay(String name) {
        return line -> {
            synchronized (System.out) {
                System.out.println("[" + name + "] " + line);
            }
        };
    }
}
