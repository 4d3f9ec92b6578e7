package io.loopshift.sample.demo;

import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.nginx.NginxProxy;
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
 * {@code demo}: the same backend + proxy + load five times, each run in a fresh private network
 * namespace with a small port range (see {@link Namespace}): the Java proxy without the agent, with
 * {@code source:} and with {@code unix:}; then real nginx in front of the backend over TCP, and
 * over a Unix socket that the backend's JVM listens on through {@code loopshift.listen} (the nginx
 * runs are left out, with the command that installs it, where nginx is missing). Then the results
 * side by side, rates over the same window after warm-up, and a chart. Where no namespace can be
 * made it stops and says why: a run in the host namespace would not exhaust anything in a demo's
 * time, and would fill the host's tables with TIME_WAIT for others.
 */
public final class DemoCommand {
    public static final String USAGE = DemoSettings.USAGE;

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
        List<DemoCase> cases = DemoCase.ALL;
        if (NginxProxy.binary() == null) {
            cases = cases.stream().filter(demoCase -> !demoCase.nginx()).toList();
        }
        printIntroduction(settings, namespace, cases.size());
        Path socketDir = Files.createTempDirectory("loopshift-demo");
        List<DemoRun> runs = new ArrayList<>();
        try {
            for (int i = 0; i < cases.size(); i++) {
                System.out.println("== run " + (i + 1) + "/" + cases.size() + ": " + cases.get(i).description());
                DemoRun run = runInNamespace(cases.get(i), settings, namespace, socketDir);
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
        printResults(settings, runs);
        writeChart(settings, runs);
        return runs.stream().allMatch(run -> run.problems().isEmpty()) ? 0 : 1;
    }

    private static void printIntroduction(DemoSettings settings, Namespace namespace, int runs) {
        int ports = settings.ports();
        System.out.println("loopshift demo: a reverse proxy opening a new upstream connection per request (the Java proxy with its "
                + settings.client().key() + " client, then real nginx) to a backend on 127.0.0.1, closing it after each response, as nginx does.");
        System.out.println(runs + " runs of " + settings.loadSeconds() + " s (" + settings.warmup() + " s warm-up, then " + settings.seconds()
                + " s measured), each in its own private network namespace (" + namespace.how() + ") with"
                + " ip_local_port_range " + Namespace.FIRST_PORT + "-" + (Namespace.FIRST_PORT + ports - 1)
                + " (" + Numbers.grouped(ports) + " ports) and net.ipv4.tcp_tw_reuse=0,");
        System.out.println("so the proxy runs out of ports after " + Numbers.grouped(ports) + " connections, within a second, instead of after"
                + " ~28,000 on a default host. Agent: " + settings.agent());
        if (runs < DemoCase.ALL.size()) {
            System.out.println("nginx is not installed, so the runs with real nginx in front of the backend are left out; to see them: "
                    + NginxProxy.HOW_TO_INSTALL);
        }
        System.out.println();
    }

    /** One scenario in a fresh namespace; null (after showing its output) if it did not report all its numbers. */
    private static DemoRun runInNamespace(DemoCase demoCase, DemoSettings settings, Namespace namespace, Path socketDir)
            throws IOException, InterruptedException {
        RouteMode mode = demoCase.mode();
        List<String> scenario = JavaCommand.subcommand(List.of(), ScenarioCommand.NAME, List.of(
                "--mode", mode.key(), "--proxy", demoCase.proxy(), "--client", settings.client().key(), "--agent", settings.agent().toString(),
                "--seconds", String.valueOf(settings.loadSeconds()), "--concurrency", String.valueOf(settings.concurrency()),
                "--requests", String.valueOf(settings.requests()), "--socket-dir", socketDir.toString()));
        ChildProcess process = ChildProcess.start("run-" + mode.key(), namespace.wrap(scenario, settings.ports()),
                line -> show(line, settings.verbose()));
        // Ctrl-C ends the demo; the run's children end with it (their stdin closes, see ServiceLifetime).
        Thread stopper = new Thread(process::kill, "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int exit = process.waitFor(settings.loadSeconds() * 1000L + 120_000);
        Runtime.getRuntime().removeShutdownHook(stopper);
        DemoRun run = DemoRun.parse(demoCase, process.lines(), exit);
        if (!run.complete()) {
            System.out.println("The run did not report all its numbers (exit " + exit + "); its output:");
            process.lines().forEach(line -> System.out.println("    " + line));
            System.out.println("Stopping: a table without this run would be misleading.");
            return null;
        }
        return run;
    }

    /** Shows what a person wants to follow: load progress, the agent's and the services' warnings; everything with --verbose. */
    private static void show(String line, boolean verbose) {
        boolean wanted = line.startsWith("RUN ") || line.startsWith("FAILED ") || line.startsWith("LISTEN ")
                || line.startsWith("[proxy] [loopshift]") || line.startsWith("[backend] [loopshift]")
                || (line.startsWith("[proxy] ") || line.startsWith("[backend] ")) && (line.contains("[WARN]") || line.contains("[ERROR]"));
        if (line.startsWith("[load] t=") && !verbose) {
            System.out.println("   load  " + line.substring("[load] ".length()));
        } else if (wanted || verbose) {
            System.out.println("   " + line);
        }
    }

    private static void printResults(DemoSettings settings, List<DemoRun> runs) {
        DemoRun first = runs.get(0);
        System.out.println("Results (" + settings.loadSeconds() + " s runs, rates over seconds " + settings.warmup() + "-" + settings.loadSeconds()
                + " after warm-up; namespace port range " + first.portRange() + ", tcp_tw_reuse=" + first.twReuse()
                + ", as read back inside each namespace):");
        System.out.println();
        System.out.print(ResultTable.render(runs, settings.warmup(), settings.seconds()));
        System.out.println();
        for (DemoRun run : runs) {
            System.out.println("* " + run.finding());
            if (run.mode().usesAgent()) {
                System.out.println("  " + run.agentConfiguration());
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
        for (DemoRun run : runs) {
            String label = run.heading() + Numbers.grouped(run.steadyRate(settings.warmup(), settings.seconds())) + "/s after warm-up, "
                    + Numbers.grouped(run.ok()) + " ok, " + Numbers.grouped(run.errors()) + " errors";
            DemoCase demoCase = run.demoCase();
            series.add(new TimelineChart.Series(label, demoCase.color(), demoCase.dashed(), run.timeline()));
        }
        String subtitle = "proxy -> backend on 127.0.0.1, a new upstream connection per request; private netns, ports "
                + runs.get(0).portRange() + " (" + Numbers.grouped(settings.ports()) + "), tcp_tw_reuse=" + runs.get(0).twReuse();
        Path chart = settings.chart().toAbsolutePath();
        Files.createDirectories(chart.getParent());
        Files.writeString(chart, TimelineChart.svg("Requests answered per second (each a new upstream connection)", subtitle, series,
                settings.ports(), settings.warmup()), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("Chart: " + chart);
    }
}
