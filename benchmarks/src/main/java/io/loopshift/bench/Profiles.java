package io.loopshift.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipFile;

/**
 * {@code benchmarks/run --profile <a..f|startup> [--cell api:threads]}: where the CPU time of a
 * figure goes, with async-profiler. For a churn variant, one client JVM runs the cell for 16 s and
 * is sampled for 8 s of its steady state (every 1 ms of CPU); the stacks are turned into µs per
 * request by thread and under the agent's entry points. For start-up, five runs of the trivial
 * main with routes are sampled from JVM start (every 0.1 ms) and reported as ms per run under
 * premain. Collapsed stacks are kept in benchmarks/target/profiles/ for flame graphs.
 */
final class Profiles {
    private static final long WINDOW_MS = 8000;
    private static final List<String> AGENT_ROOTS = List.of(
            "io/loopshift/agent/connect/ConnectRouter.onConnect", "io/loopshift/agent/connect/ConnectRouter.onConnectStarting");

    private Profiles() {
    }

    static String run(Context context, String what, String cell, Path profilerJar, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        return what.equals("startup") ? startup(context, profilerJar, outDir) : churn(context, what, cell, profilerJar, outDir);
    }

    private static String churn(Context context, String key, String cell, Path profilerJar, Path outDir) throws Exception {
        boolean inNetns = context.netns().available();
        int port = inNetns ? ChurnFigure.PORT : Ports.free();
        Path unixPath = context.tmp().resolve("profile.sock");
        Variant variant = ChurnFigure.variants(context, port, unixPath).stream().filter(v -> v.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variant " + key + " (a..f or startup)"));
        Path stacks = outDir.resolve("churn-" + key + "-" + cell.replace(':', 'x') + ".collapsed");
        List<String> command = new ArrayList<>(List.of(context.java()));
        command.addAll(Context.CHILD_JVM_OPTIONS);
        command.addAll(variant.jvmOptions());
        command.addAll(List.of("-cp", context.benchJar() + ":" + profilerJar.toAbsolutePath(), "io.loopshift.bench.apps.ProfiledClient",
                stacks.toAbsolutePath().toString(), "7000", String.valueOf(WINDOW_MS), "io.loopshift.bench.apps.ChurnClient",
                "--port", String.valueOf(port), "--unix", unixPath.toString(), "--cells", cell, "--warmup-ms", "6000", "--measure-ms", "10000",
                "--acceptors", String.valueOf(cell.split(":").length > 2 ? ChurnFigure.SHAPE_ACCEPTORS : 2)));
        command.addAll(variant.targetArgs());
        SocketFiles.leaveSocketFile(unixPath);
        Context.progress("profiling " + key + " (" + variant.label() + ") " + cell + ": 6 s warm-up, 10 s measured, sampled 8 s");
        ChildJvm.Result result = ChildJvm.run(inNetns ? context.netns().wrap(command, 10000, 65000, 2) : command, 120);
        String ops = result.value("RESULT " + cell, "ops");
        if (!result.ok() || ops == null || !Files.exists(stacks)) {
            throw new IllegalStateException("profiled run failed: " + result.describe());
        }
        double rate = Long.parseLong(ops) / (Long.parseLong(result.value("RESULT " + cell, "nanos")) / 1e9);
        double requests = rate * WINDOW_MS / 1000.0;
        Stacks samples = Stacks.read(stacks);
        StringBuilder md = new StringBuilder("# Profile: churn variant " + key + " (" + variant.label() + "), " + ChurnFigure.cellLabel(cell) + "\n\n");
        md.append(String.format(java.util.Locale.ROOT, "%s requests/s while sampled; async-profiler cpu, 1 ms interval, %d ms window ≈ %,.0f requests. ",
                Stats.big(rate), WINDOW_MS, requests)).append("Figures are CPU µs per request. Stacks: `").append(stacks).append("`.\n\n");
        md.append("| thread | µs per request |\n|---|---|\n");
        samples.byThread().forEach((thread, count) -> md.append("| ").append(thread).append(" | ").append(Stats.fixed(count * 1000.0 / requests, 2)).append(" |\n"));
        for (String root : AGENT_ROOTS) {
            String tree = samples.tree(root, 5, requests / 1000.0 * 0.1, count -> Stats.fixed(count * 1000.0 / requests, 2) + " µs");
            if (!tree.isEmpty()) {
                md.append("\nUnder `").append(root.substring(root.lastIndexOf('/') + 1)).append("` (inclusive, µs per request; children under 0.1 µs left out):\n\n```\n")
                        .append(tree).append("```\n");
            }
        }
        md.append("\nThe client thread's most expensive frames (inclusive, µs per request):\n\n```\n");
        for (Map.Entry<String, Long> frame : samples.topInclusive("CellRunner", 25)) {
            md.append(String.format(java.util.Locale.ROOT, "%8.2f  %s%n", frame.getValue() * 1000.0 / requests, frame.getKey()));
        }
        md.append("```\n");
        Files.writeString(outDir.resolve("churn-" + key + "-" + cell.replace(':', 'x') + ".md"), md);
        return md.toString();
    }

    private static String startup(Context context, Path profilerJar, Path outDir) throws Exception {
        Path library = extractLibrary(profilerJar, context.tmp());
        int runs = 5;
        String routes = "loopshift.routes=127.0.0.1:3000->source:127.0.1.0/24;127.0.0.1:8080->dest:127.0.0.0/28";
        Stacks all = new Stacks();
        for (int run = 0; run < runs; run++) {
            Path stacks = outDir.resolve("startup-" + run + ".collapsed");
            List<String> options = new ArrayList<>(List.of("-agentpath:" + library + "=start,event=cpu,interval=100us,file=" + stacks.toAbsolutePath() + ",collapsed"));
            options.addAll(context.agent(routes));
            ChildJvm.Result result = ChildJvm.run(context.javaCommand(options, "io.loopshift.bench.apps.TrivialMain", List.of()), 60);
            if (!result.ok() || !Files.exists(stacks)) {
                throw new IllegalStateException("profiled start-up failed: " + result.describe());
            }
            all.add(Stacks.read(stacks));
        }
        double perRun = 0.1 / runs;
        StringBuilder md = new StringBuilder("# Profile: start-up with source: and dest: routes\n\n");
        md.append(runs).append(" runs of the trivial main with `-D").append(routes).append("`, async-profiler cpu from JVM start, 0.1 ms interval. ")
                .append("Figures are CPU ms per run. Stacks: `").append(outDir).append("/startup-*.collapsed`.\n\n| thread | ms per run |\n|---|---|\n");
        all.byThread().forEach((thread, count) -> md.append("| ").append(thread).append(" | ").append(Stats.fixed(count * perRun, 1)).append(" |\n"));
        md.append("\nUnder `LoopshiftAgent.premain` (inclusive, ms per run; children under 1 ms left out):\n\n```\n")
                .append(all.tree("io/loopshift/agent/LoopshiftAgent.premain", 6, 1 / perRun, count -> Stats.fixed(count * perRun, 1) + " ms"))
                .append("```\n\ninvokedynamic and constant call sites linked during premain (lambdas, record equals/hashCode, string switches), ")
                .append("by the nearest loopshift frame, ms per run:\n\n```\n");
        for (Map.Entry<String, Long> caller : all.linkedCallSites("io/loopshift/agent/LoopshiftAgent.premain")) {
            md.append(String.format(java.util.Locale.ROOT, "%8.1f  %s%n", caller.getValue() * perRun, caller.getKey()));
        }
        md.append("```\n");
        Files.writeString(outDir.resolve("startup.md"), md);
        return md.toString();
    }

    /** async-profiler's native library for this machine, from its Maven jar. */
    private static Path extractLibrary(Path profilerJar, Path tmp) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "linux-arm64" : "linux-x64";
        try (ZipFile jar = new ZipFile(profilerJar.toFile()); InputStream in = jar.getInputStream(jar.getEntry(arch + "/libasyncProfiler.so"))) {
            Path library = tmp.resolve("libasyncProfiler.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return library;
        }
    }

    /** Collapsed stacks ({@code frame;frame;frame count} per line) and the few views the reports need. */
    static final class Stacks {
        private final List<String[]> stacks = new ArrayList<>();
        private final List<Long> counts = new ArrayList<>();

        static Stacks read(Path file) throws IOException {
            Stacks result = new Stacks();
            for (String line : Files.readAllLines(file)) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    result.stacks.add(line.substring(0, space).split(";"));
                    result.counts.add(Long.parseLong(line.substring(space + 1).trim()));
                }
            }
            return result;
        }

        void add(Stacks other) {
            stacks.addAll(other.stacks);
            counts.addAll(other.counts);
        }

        Map<String, Long> byThread() {
            Map<String, Long> threads = new LinkedHashMap<>();
            for (String thread : List.of("client threads", "server threads", "agent premain", "JIT compiler", "GC", "other")) {
                threads.put(thread, 0L);
            }
            for (int i = 0; i < stacks.size(); i++) {
                String joined = String.join(";", stacks.get(i));
                String thread = joined.contains("CellRunner") ? "client threads"
                        : joined.contains("BenchServer.acceptLoop") ? "server threads"
                        : joined.contains("LoopshiftAgent.premain") ? "agent premain"
                        : joined.contains("CompileBroker") ? "JIT compiler"
                        : joined.contains("GCTask") || joined.contains("G1") || joined.contains("GangWorker") ? "GC" : "other";
                threads.merge(thread, counts.get(i), Long::sum);
            }
            threads.values().removeIf(count -> count == 0);
            return threads;
        }

        /** The call tree below {@code root}, method-handle plumbing folded away, as indented text. */
        String tree(String root, int depth, double minimum, java.util.function.LongFunction<String> format) {
            Node top = new Node();
            for (int i = 0; i < stacks.size(); i++) {
                List<String> frames = Arrays.asList(stacks.get(i));
                int at = frames.indexOf(root);
                if (at < 0) {
                    continue;
                }
                Node node = top;
                int levels = 0;
                for (String frame : frames.subList(at, frames.size())) {
                    if (plumbing(frame)) {
                        continue;
                    }
                    node = node.children.computeIfAbsent(frame, k -> new Node());
                    node.count += counts.get(i);
                    if (++levels == depth) {
                        break;
                    }
                }
            }
            StringBuilder text = new StringBuilder();
            top.print(text, 0, minimum, format);
            return text.toString();
        }

        List<Map.Entry<String, Long>> topInclusive(String threadMarker, int limit) {
            Map<String, Long> inclusive = new TreeMap<>();
            for (int i = 0; i < stacks.size(); i++) {
                String[] frames = stacks.get(i);
                if (!String.join(";", frames).contains(threadMarker)) {
                    continue;
                }
                Set<String> seen = new HashSet<>();
                for (String frame : frames) {
                    if (!plumbing(frame) && !frame.contains("CellRunner") && !frame.contains("Thread.run") && !frame.contains("$$Lambda") && seen.add(frame)) {
                        inclusive.merge(frame, counts.get(i), Long::sum);
                    }
                }
            }
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(inclusive.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
            return sorted.subList(0, Math.min(limit, sorted.size()));
        }

        List<Map.Entry<String, Long>> linkedCallSites(String root) {
            Map<String, Long> callers = new TreeMap<>();
            for (int i = 0; i < stacks.size(); i++) {
                List<String> frames = Arrays.asList(stacks.get(i));
                int link = -1;
                for (String marker : List.of("java/lang/invoke/MethodHandleNatives.linkCallSite", "java/lang/invoke/MethodHandleNatives.linkDynamicConstant")) {
                    link = link >= 0 ? link : frames.indexOf(marker);
                }
                if (!frames.contains(root) || link < 0) {
                    continue;
                }
                int caller = link - 1;
                while (caller > 0 && !frames.get(caller).contains("loopshift")) {
                    caller--;
                }
                callers.merge(frames.get(caller), counts.get(i), Long::sum);
            }
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(callers.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
            return sorted;
        }

        private static boolean plumbing(String frame) {
            return frame.contains("LambdaForm$") || frame.contains("Invokers$Holder") || frame.contains("DirectMethodHandle$Holder");
        }

        private static final class Node {
            long count;
            final Map<String, Node> children = new LinkedHashMap<>();

            void print(StringBuilder text, int indent, double minimum, java.util.function.LongFunction<String> format) {
                List<Map.Entry<String, Node>> sorted = new ArrayList<>(children.entrySet());
                sorted.sort(Comparator.comparingLong(entry -> -entry.getValue().count));
                for (Map.Entry<String, Node> child : sorted) {
                    if (child.getValue().count < minimum) {
                        continue;
                    }
                    text.append("  ".repeat(indent)).append(String.format(java.util.Locale.ROOT, "%-10s ", format.apply(child.getValue().count)))
                            .append(child.getKey()).append('\n');
                    child.getValue().print(text, indent + 1, minimum, format);
                }
            }
        }
    }
}
