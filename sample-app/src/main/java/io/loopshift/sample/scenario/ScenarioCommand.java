package io.loopshift.sample.scenario;

import io.loopshift.sample.cli.Options;
import io.loopshift.sample.cli.ServiceLifetime;
import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.nginx.NginxProxy;
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

/**
 * {@code scenario --mode none|source|dest|unix|listen [--proxy java|nginx] --client kind [--agent jar]}:
 * starts the backend and the proxy (the Java proxy, its JVM with {@code -javaagent} and the mode's
 * route; or real nginx, with the agent's listen rule in the backend's JVM for {@code listen}), runs
 * the load against the proxy, stops both, and prints, after the children's relayed output, a
 * {@code RUN} line and the children's own {@code BACKEND}, {@code PROXY} and {@code LOAD} lines
 * verbatim (nginx: an {@code NGINX} line read from its error log), then one {@code AGENT_LINE} per
 * line the agent printed. The numbers stay the children's: nothing here counts anything.
 */
public final class ScenarioCommand {
    public static final String NAME = "scenario";

    private ScenarioCommand() {
    }

    public static int run(String[] args) throws UsageException, IOException, InterruptedException {
        Options options = Options.parse(NAME, args, Set.of("mode", "proxy", "client", "agent", "pool", "requests", "seconds", "concurrency",
                "backend-port", "proxy-port", "socket-dir", "agent-log"), Set.of());
        RouteMode mode = RouteMode.parse(options.string("mode", "none"));
        if (mode == null) {
            throw new UsageException(NAME + ": --mode must be none, source, dest, unix or listen");
        }
        boolean nginx = switch (options.string("proxy", "java")) {
            case "java" -> false;
            case "nginx" -> true;
            default -> throw new UsageException(NAME + ": --proxy must be java or nginx");
        };
        if (mode == RouteMode.LISTEN ? !nginx : nginx && mode != RouteMode.NONE) {
            throw new UsageException(NAME + ": --proxy nginx goes with --mode none or listen, --mode listen needs --proxy nginx"
                    + " (the agent is in the Java proxy for the other modes)");
        }
        Path nginxBinary = nginx ? NginxProxy.binary() : null;
        if (nginx && nginxBinary == null) {
            throw new UsageException(NAME + ": --proxy nginx, but nginx is not installed: " + NginxProxy.HOW_TO_INSTALL);
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
        Path ownDir = mode.upstreamIsUnix() && !options.has("socket-dir") ? Files.createTempDirectory("loopshift-sample") : null;
        Path socketDir = ownDir != null ? ownDir : Paths.get(options.string("socket-dir", System.getProperty("java.io.tmpdir")));
        Path socket = socketDir.resolve("backend.sock").toAbsolutePath();
        String route = mode.route(backendPort, options.string("pool", mode.defaultPool()), socket);

        System.out.println(new SummaryLine("RUN").add("mode", mode.key()).add("proxy", nginx ? "nginx" : "java")
                .add("client", nginx ? "nginx" : client.key())
                .add(mode.agentInBackend() ? "listen" : "routes", route == null ? "none" : route)
                .add("port_range", KernelSettings.portRange()).add("tw_reuse", KernelSettings.twReuse())
                .add("java", Runtime.version()));

        String lifetime = String.valueOf(seconds + 120);
        List<String> backendArgs = new ArrayList<>(List.of("--listen", (mode == RouteMode.DEST ? "0.0.0.0" : "127.0.0.1") + ":" + backendPort,
                "--" + ServiceLifetime.UNTIL_STDIN_CLOSES, "--" + ServiceLifetime.MAX_SECONDS, lifetime));
        if (mode == RouteMode.UNIX) {
            backendArgs.addAll(List.of("--unix", socket.toString()));
        }
        List<String> agentOptions = new ArrayList<>();
        if (agent != null) {
            agentOptions.add("-javaagent:" + agent);
            agentOptions.add("-Dloopshift." + (mode.agentInBackend() ? "listen" : "routes") + "=" + route);
            agentOptions.add("-Dloopshift.log=" + options.string("agent-log", "info"));
        }
        List<String> loadArgs = List.of("--target", "127.0.0.1:" + proxyPort,
                "--concurrency", String.valueOf(options.integer("concurrency", 4, 1, 64)),
                "--requests", String.valueOf(options.integer("requests", 400_000, 1, 10_000_000)),
                "--seconds", String.valueOf(seconds));

        ChildProcess backend = ChildProcess.start("backend", JavaCommand.subcommand(mode.agentInBackend() ? agentOptions : List.of(),
                "backend", backendArgs), Children.relay("backend"));
        ScenarioProxy proxy = null;
        ChildProcess load = null;
        int loadExit = -1;
        try {
            proxy = nginx
                    ? ScenarioProxy.nginx(nginxBinary, proxyPort, mode.upstreamIsUnix() ? "unix:" + socket : "127.0.0.1:" + backendPort)
                    : ScenarioProxy.java(agentOptions, proxyPort, backendPort, client, lifetime);
            boolean ready = Children.awaitReady(backend) & proxy.awaitReady();
            if (ready && mode.agentInBackend()) {
                System.out.println(ListenProbe.probe(backendPort, socket));
            }
            if (ready) {
                load = ChildProcess.start("load", JavaCommand.subcommand(List.of(), "load", loadArgs), Children.relay("load"));
                loadExit = load.waitFor(seconds * 1000L + 60_000);
            }
        } finally {
            if (proxy != null) {
                proxy.requestStop();
            }
            backend.closeStdin();
        }
        boolean proxyExited = proxy.awaitExit();
        int backendExit = backend.waitFor(Children.STOP_TIMEOUT_MILLIS);
        if (mode.upstreamIsUnix()) {
            Files.deleteIfExists(socket);
        }
        if (ownDir != null) {
            Files.deleteIfExists(ownDir);
        }

        boolean complete = Children.report(backend, "BACKEND") & proxy.report() & (load != null && Children.report(load, "LOAD"));
        ChildProcess withAgent = mode.agentInBackend() ? backend : proxy instanceof ScenarioProxy.JavaProxy java ? java.process() : null;
        for (String line : withAgent == null ? List.<String>of() : withAgent.lines()) {
            if (line.startsWith("[loopshift]")) {
                System.out.println("AGENT_LINE " + line);
            }
        }
        System.out.println("EXIT backend=" + backendExit + " " + proxy.exitField() + " load=" + loadExit);
        return complete && backendExit == 0 && proxyExited && loadExit == 0 ? 0 : 1;
    }
}
