package io.loopshift.sample.demo;

import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.process.ChildProcess;
import io.loopshift.sample.process.JavaCommand;
import io.loopshift.sample.scenario.RouteMode;
import io.loopshift.sample.scenario.ScenarioCommand;
import io.loopshift.sample.stats.Numbers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code demo}: the same backend + proxy + load three times, without the agent, with
 * {@code source:} and with {@code unix:}, each run in a fresh private network namespace with a
 * small port range (see {@link Namespace}), then the results side by side and a chart. Where no
 * namespace can be made it stops and says why: a run in the host namespace would not exhaust
 * anything in a demo's time, and would fill the host's tables with TIME_WAIT for others.
 */
public final class DemoCommand {
    public static final String USAGE = DemoSettings.USAGE;
    private static final List<RouteMode> RUNS = List.of(RouteMode.NONE, RouteMode.SOURCE, RouteMode.UNIX);
    private static final List<String> COLORS = List.of("#d62728", "#2ca02c", "#1f77b4");

    private DemoCommand() {
    }

    public static int run(String[] args) throws UsageException, IOException, InterruptedException {
        DemoSettings settings = DemoSettings.parse(args);
        Namespace namespace;
        try {
            namespace = Namespace.probe(settings.ports());
        } catch (Namespace.UnavailableException unavailable) {
            System.out.println("loopshift demo: cannot make a private network namespace here: " + unavailable.getMessage());
            System.out.println("The demo needs one to show port exhaustion in seconds with a " + Numbers.grouped(settings.ports()) + "-port range and"
                    + " tcp_tw_reuse=0 without touching this host's settings. Stopping: nothing was measured.");
            return 3;
        }
        printIntroduction(settings, namespace);
        Path socketDir = Files.createTempDirectory("loopshift-demo");
        List<DemoRun> runs = new ArrayList<>();
        try {
            for (int i = 0; i < RUNS.size(); i++) {
                System.out.println("== run " + (i + 1) + "/" + RUNS.size() + ": " + describe(RUNS.get(i)));
                DemoRun run = runInNamespace(RUNS.get(i), settings, namespace, socketDir);
                if (run == null) {
                    return 1;
                }
                System.out.println("   -> " + run.finding());
                System.out.println();
                runs.add(run);
            }
        } finally {
            Files.deleteIfExists(socketDir);
        }
        printResults(runs);
        writeChart(settings, runs);
        return runs.stream().allMatch(run -> run.problems().isEmpty()) ? 0 : 1;
    }

    private static void printIntroduction(DemoSettings settings, Namespace namespace) {
        int ports = settings.ports();
        System.out.println("loopshift demo: a reverse proxy opening a new upstream connection per request (" + settings.client().key()
                + " client) to a backend on 127.0.0.1, closing it after each response, as nginx does.");
        System.out.println("Three runs of " + settings.seconds() + " s, each in its own private network namespace (" + namespace.how() + ") with"
                + " ip_local_port_range " + Namespace.FIRST_PORT + "-" + (Namespace.FIRST_PORT + ports - 1)
                + " (" + Numbers.grouped(ports) + " ports) and net.ipv4.tcp_tw_reuse=0,");
        System.out.println("so the proxy runs out of ports after " + Numbers.grouped(ports) + " connections, within a second, instead of after"
                + " ~28,000 on a default host. Agent: " + settings.agent());
        System.out.println();
    }

    /** One scenario in a fresh namespace; null (after showing its output) if it did not report all its numbers. */
    private static DemoRun runInNamespace(RouteMode mode, DemoSettings settings, Namespace namespace, Path socketDir)
            throws IOException, InterruptedException {
        List<String> scenario = JavaCommand.subcommand(List.of(), ScenarioCommand.NAME, List.of(
                "--mode", mode.key(), "--client", settings.client().key(), "--agent", settings.agent().toString(),
                "--seconds", String.valueOf(settings.seconds()), "--concurrency", String.valueOf(settings.concurrency()),
                "--requests", String.valueOf(settings.requests()), "--socket-dir", socketDir.toString()));
        ChildProcess process = ChildProcess.start("run-" + mode.key(), namespace.wrap(scenario, settings.ports()),
                line -> show(line, settings.verbose()));
        // Ctrl-C ends the demo; the run's children end with it (their stdin closes, see ServiceLifetime).
        Thread stopper = new Thread(process::kill, "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int exit = process.waitFor(settings.seconds() * 1000L + 120_000);
        Runtime.getRuntime().removeShutdownHook(stopper);
        DemoRun run = DemoRun.parse(mode, process.lines(), exit);
        if (!run.complete()) {
            System.out.println("The run did not report all its numbers (exit " + exit + "); its output:");
            process.lines().forEach(line -> System.out.println("    " + line));
            System.out.println("Stopping: a table without this run would be misleading.");
            return null;
        }
        return run;
    }

    private static String describe(RouteMode mode) {
        return switch (mode) {
            case NONE -> "no agent";
            case SOURCE -> "-javaagent with 127.0.0.1:<backend port>->source:127.0.1.0/24 (rotating source address)";
            case DEST -> "-javaagent with 127.0.0.1:<backend port>->dest:127.0.0.0/24 (rotating destination address)";
            case UNIX -> "-javaagent with 127.0.0.1:<backend port>->unix:<socket> (backend also listens on a Unix socket)";
        };
    }

    /** Shows what a person wants to follow: load progress, the agent's and the services' warnings; everything with --verbose. */
    private static void show(String line, boolean verbose) {
        boolean wanted = line.startsWith("RUN ") || line.startsWith("FAILED ") || line.startsWith("[proxy] [loopshift]")
                || (line.startsWith("[proxy] ") || line.startsWith("[backend] ")) && (line.contains("[WARN]") || line.contains("[ERROR]"));
        if (line.startsWith("[load] t=") && !verbose) {
            System.out.println("   load  " + line.substring("[load] ".length()));
        } else if (wanted || verbose) {
            System.out.println("   " + line);
        }
    }

    private static void printResults(List<DemoRun> runs) {
        DemoRun first = runs.get(0);
        System.out.println("Results (" + first.seconds() + " s runs; namespace port range " + first.portRange() + ", tcp_tw_reuse=" + first.twReuse()
                + ", as read back inside each namespace):");
        System.out.println();
        System.out.print(ResultTable.render(runs));
        System.out.println();
        for (DemoRun run : runs) {
            System.out.println("* " + run.finding());
            if (run.mode().usesAgent()) {
                System.out.println("  route: " + run.routes());
                for (String line : run.agentLines()) {
                    System.out.println("  agent said: " + line);
                }
            }
            for (String problem : run.problems()) {
                System.out.println("  problem: " + problem);
            }
        }
    }

    private static void writeChart(DemoSettings settings, List<DemoRun> runs) throws IOException {
        List<TimelineChart.Series> series = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            DemoRun run = runs.get(i);
            String action = run.routes().substring(run.routes().indexOf("->") + 2);
            String label = switch (run.mode()) {
                case NONE -> "no agent";
                case UNIX -> "unix:" + action.substring(action.lastIndexOf('/') + 1)
                        + (run.unixConnections() == 0 ? " (NOT applied: 0 connections on the Unix socket)" : "");
                default -> action;
            };
            label += ": " + Numbers.grouped(run.ok()) + " ok, " + Numbers.grouped(run.errors()) + " errors";
            series.add(new TimelineChart.Series(label, COLORS.get(i % COLORS.size()), run.mode() == RouteMode.UNIX, run.timeline()));
        }
        String subtitle = "proxy (" + settings.client().key() + " client) -> backend 127.0.0.1, new connection per request; private netns, ports "
                + runs.get(0).portRange() + " (" + Numbers.grouped(settings.ports()) + "), tcp_tw_reuse=" + runs.get(0).twReuse();
        Path chart = settings.chart().toAbsolutePath();
        Files.createDirectories(chart.getParent());
        Files.writeString(chart, TimelineChart.svg("Successful upstream connections per second", subtitle, series, settings.ports()),
                StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("Chart: " + chart);
    }
}
