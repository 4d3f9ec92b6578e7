package io.loopshift.bench;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 4, start-up: wall time of a JVM running a trivial main, from process start to exit,
 * without the agent and with it in four set-ups, alternating; the agent's own share from its
 * {@code loopshift.log=debug} line; and whether class data sharing still serves the JDK's and the
 * application's classes with the agent attached ({@code -Xlog:class+load}).
 */
final class StartupFigure {
    private static final String MAIN = "io.loopshift.bench.apps.TrivialMain";
    private static final String MARKER = "hello from a trivial main";
    private static final String SOCKET_MAIN = "io.loopshift.bench.apps.SocketMain";
    private static final String SOCKET_MARKER = "hello from a main that opened a socket true";
    private static final Pattern TOOK = Pattern.compile("start-up took ([0-9.]+) ms \\((.*)\\)");
    private static final Pattern PHASE = Pattern.compile("([a-z. -]+?) ([0-9.]+) ms");

    private StartupFigure() {
    }

    static void run(Context context, Report report) throws Exception {
        // Runs are short, so this figure takes three times the rounds of the others.
        int rounds = context.rounds() > 0 ? context.rounds() * 3 : (context.quick() ? 3 : 15);
        Path unixPath = context.tmp().resolve("startup.sock");
        String routes = "loopshift.routes=127.0.0.1:3000->source:127.0.1.0/24;127.0.0.1:8080->dest:127.0.0.0/28";
        String unixRoute = "loopshift.routes=127.0.0.1:5432->unix:" + unixPath;
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("no agent", List.of());
        variants.put("an empty agent (premain does nothing)", List.of("-javaagent:" + EmptyAgentJar.write(context.tmp())));
        variants.put("agent, loopshift.enabled=false", context.agent("loopshift.enabled=false"));
        variants.put("agent, no routes", context.agent());
        variants.put("agent, source: and dest: routes", context.agent(routes));
        variants.put("agent, unix: route", context.agent(unixRoute));
        Map<String, List<String>> debugVariants = new LinkedHashMap<>();
        debugVariants.put("agent, source: and dest: routes", context.agent(routes, "loopshift.log=debug"));
        debugVariants.put("agent, unix: route", context.agent(unixRoute, "loopshift.log=debug"));

        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> overhead = new LinkedHashMap<>();
        Map<String, List<Double>> agentTotal = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> phases = new LinkedHashMap<>();
        variants.keySet().forEach(name -> {
            wall.put(name, new ArrayList<>());
            overhead.put(name, new ArrayList<>());
        });
        debugVariants.keySet().forEach(name -> {
            agentTotal.put(name, new ArrayList<>());
            phases.put(name, new LinkedHashMap<>());
        });
        List<String> problems = new ArrayList<>();
        StringBuilder raw = new StringBuilder();

        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            // The unix: route's socket exists, as it would in production: no "does not exist yet" warning path.
            Files.deleteIfExists(unixPath);
            listener.bind(UnixDomainSocketAddress.of(unixPath));
            // One unmeasured run of each set-up first: page cache and CDS archive mapped alike for all.
            for (List<String> options : variants.values()) {
                ChildJvm.run(context.javaCommand(options, MAIN, List.of()), 60);
            }
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(variants.keySet());
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                Map<String, Double> thisRound = new LinkedHashMap<>();
                for (String name : order) {
                    ChildJvm.Result result = ChildJvm.run(context.javaCommand(variants.get(name), MAIN, List.of()), 60);
                    if (!result.ok() || !result.output().contains(MARKER)) {
                        problems.add(name + ": " + result.describe());
                        continue;
                    }
                    double ms = result.wallNanos() / 1e6;
                    wall.get(name).add(ms);
                    thisRound.put(name, ms);
                }
                Double base = thisRound.get("no agent");
                for (Map.Entry<String, Double> entry : thisRound.entrySet()) {
                    if (base != null) {
                        overhead.get(entry.getKey()).add(entry.getValue() - base);
                    }
                }
                raw.append("round ").append(round + 1).append(": ");
                thisRound.forEach((name, ms) -> raw.append(name).append('=').append(Stats.fixed(ms, 1)).append(" ms; "));
                for (Map.Entry<String, List<String>> debug : debugVariants.entrySet()) {
                    ChildJvm.Result result = ChildJvm.run(context.javaCommand(debug.getValue(), MAIN, List.of()), 60);
                    Matcher took = TOOK.matcher(result.output());
                    if (!took.find()) {
                        problems.add(debug.getKey() + " with loopshift.log=debug printed no start-up line: " + result.describe());
                        continue;
                    }
                    agentTotal.get(debug.getKey()).add(Double.parseDouble(took.group(1)));
                    raw.append(debug.getKey()).append(" (debug) agent ").append(took.group(1)).append(" ms; ");
                    Matcher phase = PHASE.matcher(took.group(2));
                    while (phase.find()) {
                        phases.get(debug.getKey()).computeIfAbsent(phase.group(1).replaceFirst("^, ", "").trim(), k -> new ArrayList<>())
                                .add(Double.parseDouble(phase.group(2)));
                    }
                }
                raw.append('\n');
                Context.progress("startup round " + (round + 1) + "/" + rounds + ": " + thisRound);
            }
            Files.deleteIfExists(unixPath);

            StringBuilder md = new StringBuilder("## 4. Start-up\n\n");
            md.append("Wall time from process start to exit of `java -Xms256m -Xmx256m [agent options] -cp loopshift-benchmarks.jar ")
                    .append(MAIN).append("` (prints one line), measured by the driver with `System.nanoTime()` around the process; ")
                    .append(rounds).append(" alternating rounds after one unmeasured run of each set-up. Overhead is the per-round ")
                    .append("difference to the no-agent run of the same round, then its median (min–max). The unix: route's socket exists ")
                    .append("(the driver listens on it). The empty agent, a premain that does nothing with the same manifest ")
                    .append("capabilities, is the floor: what `-javaagent` itself costs.\n\n");
            md.append("| set-up | wall ms | overhead vs no agent, ms |\n|---|---|---|\n");
            for (String name : variants.keySet()) {
                md.append("| ").append(name).append(" | ").append(Stats.of(wall.get(name)).decimals(0)).append(" | ")
                        .append(name.equals("no agent") ? "—" : Stats.of(overhead.get(name)).decimals(0)).append(" |\n");
            }
            md.append("\nThe agent's own share, from its `loopshift.log=debug` line \"start-up took\" (premain start to end; ")
                    .append("the JVM's loading of the agent jar and of `java.instrument` comes before it), in separate runs of each round:\n\n");
            md.append("| set-up | agent start-up, ms | phases, median ms |\n|---|---|---|\n");
            for (String name : debugVariants.keySet()) {
                StringBuilder phaseText = new StringBuilder();
                phases.get(name).forEach((phase, values) ->
                        phaseText.append(phaseText.length() == 0 ? "" : ", ").append(phase).append(' ').append(Stats.fixed(Stats.of(values).median(), 1)));
                md.append("| ").append(name).append(" | ").append(Stats.of(agentTotal.get(name)).decimals(1)).append(" | ").append(phaseText).append(" |\n");
            }
            if (!problems.isEmpty()) {
                md.append("\nProblems (").append(problems.size()).append("): `").append(problems.get(0).replace('\n', ' ').replace('`', '\'')).append("`\n");
            }
            md.append('\n').append(socketMain(context, rounds, variants));
            md.append('\n').append(classDataSharing(context, unixRoute, routes));
            report.section(4, md.toString());
            // Issue 15: the agent's cost over what -javaagent itself costs (the empty agent), per round.
            String[] targeted = {"agent, source: and dest: routes", "agent, unix: route"};
            double[] limits = {60, 90};
            List<Double> floorRounds = overhead.get("an empty agent (premain does nothing)");
            Stats floor = Stats.of(floorRounds);
            for (int t = 0; t < targeted.length; t++) {
                String name = targeted[t];
                List<Double> overEmpty = new ArrayList<>();
                List<Double> agentRounds = overhead.get(name);
                for (int i = 0; i < Math.min(agentRounds.size(), floorRounds.size()); i++) {
                    overEmpty.add(agentRounds.get(i) - floorRounds.get(i));
                }
                Stats stats = Stats.of(overEmpty);
                String goal = "start-up overhead over an empty agent ≤ " + (int) limits[t] + " ms (" + name + ")";
                if (stats.empty()) {
                    report.notMeasured("4", goal, "no successful rounds");
                } else {
                    report.target("4", goal, stats.decimals(0) + " ms (overhead vs no agent " + Stats.of(agentRounds).decimals(0)
                            + " ms; agent's own clock " + Stats.of(agentTotal.get(name)).decimals(0) + " ms; the empty agent itself "
                            + floor.decimals(0) + " ms)", stats.median() <= limits[t], stats.min() <= limits[t]);
                }
            }
            report.raw("Figure 4, wall ms per run", raw.toString());
        }
    }

    /**
     * The same set-ups with {@link #SOCKET_MAIN}, which opens one loopback connection no route
     * matches: an application that uses sockets pays for the JDK's socket layer with or without the
     * agent, and meets the agent's check thread (self-test, lookups) while it runs. Fewer set-ups
     * than the trivial main, alternating within each round.
     */
    private static String socketMain(Context context, int rounds, Map<String, List<String>> trivialVariants) throws Exception {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String name : new String[] {"no agent", "an empty agent (premain does nothing)", "agent, source: and dest: routes", "agent, unix: route"}) {
            variants.put(name, trivialVariants.get(name));
        }
        Map<String, List<Double>> overEmpty = new LinkedHashMap<>();
        Map<String, List<Double>> overNone = new LinkedHashMap<>();
        variants.keySet().forEach(name -> {
            overEmpty.put(name, new ArrayList<>());
            overNone.put(name, new ArrayList<>());
        });
        List<String> problems = new ArrayList<>();
        for (List<String> options : variants.values()) {
            ChildJvm.run(context.javaCommand(options, SOCKET_MAIN, List.of()), 60);
        }
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(variants.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            Map<String, Double> thisRound = new LinkedHashMap<>();
            for (String name : order) {
                ChildJvm.Result result = ChildJvm.run(context.javaCommand(variants.get(name), SOCKET_MAIN, List.of()), 60);
                if (!result.ok() || !result.output().contains(SOCKET_MARKER)) {
                    problems.add(name + ": " + result.describe());
                    continue;
                }
                thisRound.put(name, result.wallNanos() / 1e6);
            }
            Double none = thisRound.get("no agent");
            Double empty = thisRound.get("an empty agent (premain does nothing)");
            for (Map.Entry<String, Double> entry : thisRound.entrySet()) {
                if (none != null) {
                    overNone.get(entry.getKey()).add(entry.getValue() - none);
                }
                if (empty != null) {
                    overEmpty.get(entry.getKey()).add(entry.getValue() - empty);
                }
            }
            Context.progress("startup, socket main, round " + (round + 1) + "/" + rounds + ": " + thisRound);
        }
        StringBuilder md = new StringBuilder("### A main that opens a socket\n\n");
        md.append("The same set-ups running `").append(SOCKET_MAIN).append("`, which opens one loopback connection that no route matches ")
                .append("and prints one line: most applications open a socket soon after start, and so pay for the JDK's socket layer ")
                .append("with or without the agent. ").append(rounds).append(" alternating rounds; overheads are per-round differences, ")
                .append("then their median (min–max).\n\n");
        md.append("| set-up | overhead vs no agent, ms | overhead vs the empty agent, ms |\n|---|---|---|\n");
        for (String name : variants.keySet()) {
            if (!name.equals("no agent")) {
                md.append("| ").append(name).append(" | ").append(Stats.of(overNone.get(name)).decimals(0)).append(" | ")
                        .append(name.startsWith("an empty agent") ? "—" : Stats.of(overEmpty.get(name)).decimals(0)).append(" |\n");
            }
        }
        if (!problems.isEmpty()) {
            md.append("\nProblems (").append(problems.size()).append("): `").append(problems.get(0).replace('\n', ' ').replace('`', '\'')).append("`\n");
        }
        return md.toString();
    }

    /** Counts where each loaded class came from, with the default CDS archive and with a dynamic AppCDS archive of the trivial main. */
    private static String classDataSharing(Context context, String unixRoute, String routes) throws Exception {
        Path unixPath = Path.of(unixRoute.substring(unixRoute.indexOf("unix:") + 5));
        StringBuilder md = new StringBuilder("### Class data sharing\n\n");
        md.append("`-Xlog:class+load` of the trivial main, classes by where they were loaded from. The agent defines its hooks class ")
                .append("inside java.base through a lookup instead of appending to the boot class path, which would cost the sharing of ")
                .append("boot classes on some JDKs. \"app archive\" runs use a dynamic AppCDS archive of the trivial main made without ")
                .append("the agent (`-XX:ArchiveClassesAtExit`), then loaded with `-XX:SharedArchiveFile` with and without the agent: ")
                .append("the application's own classes must still come from it.\n\n");
        md.append("| run | classes loaded | from the CDS archive | JDK classes not from the archive | from the agent jar | generated at run time | application jar | other | trivial main from the archive |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        Path archive = context.tmp().resolve("app.jsa");
        ChildJvm.Result dump = ChildJvm.run(context.javaCommand(List.of("-XX:ArchiveClassesAtExit=" + archive), MAIN, List.of()), 120);
        boolean haveArchive = dump.ok() && Files.exists(archive);
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("no agent", List.of());
        runs.put("agent, source: and dest: routes", context.agent(routes));
        runs.put("agent, unix: route", context.agent(unixRoute));
        if (haveArchive) {
            runs.put("app archive, no agent", List.of("-XX:SharedArchiveFile=" + archive));
            List<String> withAgent = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive));
            withAgent.addAll(context.agent(routes));
            runs.put("app archive, agent with routes", withAgent);
        }
        String notSharedJdk = "";
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.deleteIfExists(unixPath);
            listener.bind(UnixDomainSocketAddress.of(unixPath));
            for (Map.Entry<String, List<String>> run : runs.entrySet()) {
                List<String> options = new ArrayList<>(run.getValue());
                options.add("-Xlog:class+load=info");
                ChildJvm.Result result = ChildJvm.run(context.javaCommand(options, MAIN, List.of()), 60);
                int total = 0;
                int shared = 0;
                int jdk = 0;
                int agent = 0;
                int generated = 0;
                int application = 0;
                int other = 0;
                boolean mainShared = false;
                Map<String, Integer> jdkModules = new TreeMap<>();
                for (String line : result.lines()) {
                    if (!line.contains("[class,load]") || !line.contains(" source: ")) {
                        continue;
                    }
                    total++;
                    String source = line.substring(line.indexOf(" source: ") + 9);
                    if (source.startsWith("shared objects file")) {
                        shared++;
                        mainShared |= line.contains(MAIN + " source:");
                    } else if (source.startsWith("jrt:/")) {
                        jdk++;
                        jdkModules.merge(source, 1, Integer::sum);
                    } else if (source.contains("loopshift-agent.jar")) {
                        agent++;
                    } else if (source.startsWith("__")) {
                        // __JVM_LookupDefineClass__ and the like: lambda forms, record methods, hidden classes.
                        generated++;
                    } else if (source.contains("loopshift-benchmarks.jar")) {
                        application++;
                    } else {
                        other++;
                    }
                }
                md.append("| ").append(run.getKey()).append(" | ").append(total).append(" | ").append(shared).append(" | ").append(jdk)
                        .append(" | ").append(agent).append(" | ").append(generated).append(" | ").append(application).append(" | ").append(other).append(" | ")
                        .append(run.getKey().startsWith("app archive") ? (mainShared ? "yes" : "**no**") : "—").append(" |\n");
                if (run.getKey().equals("agent, source: and dest: routes")) {
                    notSharedJdk = jdkModules.toString();
                }
            }
            Files.deleteIfExists(unixPath);
        }
        if (!haveArchive) {
            md.append("\nNo dynamic archive could be made here: ").append(dump.describe().replace('\n', ' ')).append('\n');
        }
        md.append("\nJDK classes loaded from outside the archive with the agent, by source: ").append(notSharedJdk)
                .append(" (classes the default archive does not hold, e.g. `java.instrument`'s and the ones the agent uses; ")
                .append("sharing itself stays on). \"Generated at run time\" are lambda forms, record `equals` bootstraps and other ")
                .append("hidden classes spun while the agent starts; \"other\" are classes defined by an agent or redefined (the hooks class, ")
                .append("`sun.nio.ch.Net` after weaving).\n");
        return md.toString();
    }
}
