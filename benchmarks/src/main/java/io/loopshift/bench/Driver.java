package io.loopshift.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The benchmark driver behind {@code benchmarks/run}: runs the five figures of issue 5 and the
 * Netty figure (6), prints the table and writes it with the machine, JDK, date and command to
 * BENCHMARKS.md.
 *
 * <p>Options: {@code --quick} (smoke run), {@code --figures 1,2,3,4,5,6}, {@code --rounds N} (for
 * figures 1, 2 and 6; figure 4 takes three times as many), {@code --java PATH} (the java the children
 * run on; default: this one), {@code --agent}, {@code --bench-jar}, {@code --jmh-jar},
 * {@code --variants a,e,f} (figures 1 and 2: only these variants; a ratio is shown when both of its
 * variants ran), {@code --out} (default BENCHMARKS.md), {@code --command} (how the run was started, recorded);
 * {@code --profile a..f|startup [--cell socket:1]} profiles instead (see {@link Profiles}); a run that
 * includes figure 1 also appends the profiles of variant e and of start-up, unless {@code --no-profiles}.
 */
public final class Driver {
    /** The profiles print after every figure's section. */
    private static final int PROFILES_SECTION = 100;

    private Driver() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        int rounds = 0;
        Set<Integer> figures = new LinkedHashSet<>(List.of(4, 3, 1, 2, 5, 6));
        Set<String> variants = new LinkedHashSet<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path agent = Path.of("agent/target/loopshift-agent.jar");
        Path benchJar = Path.of("benchmarks/target/loopshift-benchmarks.jar");
        Path jmhJar = Path.of("benchmarks/target/loopshift-benchmarks-jmh.jar");
        Path out = Path.of("BENCHMARKS.md");
        String command = "benchmarks/run";
        String profile = null;
        String cell = "channel:1";
        boolean profiles = true;
        Path profilerJar = Path.of("benchmarks/target/profiler/async-profiler.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--figures" -> {
                    figures.clear();
                    for (String figure : args[++i].split(",")) {
                        figures.add(Integer.parseInt(figure.trim()));
                    }
                }
                case "--java" -> java = args[++i];
                case "--agent" -> agent = Path.of(args[++i]);
                case "--bench-jar" -> benchJar = Path.of(args[++i]);
                case "--jmh-jar" -> jmhJar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--command" -> command = args[++i];
                case "--profile" -> profile = args[++i];
                case "--variants" -> variants.addAll(List.of(args[++i].split(",")));
                case "--cell" -> cell = args[++i];
                case "--no-profiles" -> profiles = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see benchmarks/run --help)");
            }
        }
        for (Path jar : List.of(agent, benchJar, jmhJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (mvn -B package -DskipTests)");
            }
        }
        Path tmp = Files.createTempDirectory(Path.of("/tmp"), "loopshift-bench-");
        Netns netns = Netns.probe();
        Context context = new Context(java, agent.toAbsolutePath(), benchJar.toAbsolutePath(), jmhJar.toAbsolutePath(), quick, rounds,
                figures, variants, netns, tmp);
        if (profile != null) {
            try {
                System.out.println(Profiles.run(context, profile, cell, profilerJar, Path.of("benchmarks/target/profiles")));
            } finally {
                deleteTree(tmp);
            }
            return;
        }
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String loadBefore = loadAverage();
        Context.progress("figures " + figures + (quick ? " (quick)" : "") + ", children on " + jdk(java).split("\n")[0]
                + (netns.available() ? ", namespaces with '" + netns.how() + "'" : ", no network namespace: " + netns.unavailableReason()));
        Report report = new Report();
        try {
            for (int figure : figures) {
                long start = System.nanoTime();
                switch (figure) {
                    case 1 -> ChurnFigure.run(context, report);
                    case 2 -> PersistentFigure.run(context, report);
                    case 3 -> DecisionFigure.run(context, report);
                    case 4 -> StartupFigure.run(context, report);
                    case 5 -> SustainedFigure.run(context, report);
                    case 6 -> NettyFigure.run(context, report);
                    default -> throw new IllegalArgumentException("no figure " + figure);
                }
                Context.progress("figure " + figure + " took " + (System.nanoTime() - start) / 1_000_000_000L + " s");
            }
            if (profiles && figures.contains(1) && Files.isRegularFile(profilerJar)) {
                // The profiles behind the missed targets, regenerated with the figures so they never go stale.
                StringBuilder where = new StringBuilder("## Where the time goes\n\nasync-profiler ")
                        .append("(`benchmarks/run --profile e` and `--profile startup`; stacks in `benchmarks/target/profiles/`). ")
                        .append("The reading of these profiles, and the changes they suggest, are in `benchmarks/FINDINGS.md`.\n\n");
                for (String what : List.of("e", "startup")) {
                    try {
                        where.append(Profiles.run(context, what, "channel:1", profilerJar, Path.of("benchmarks/target/profiles"))
                                .replaceFirst("^# ", "### ")).append('\n');
                    } catch (Exception | Error failure) {
                        where.append("Profile ").append(what).append(" failed: ").append(failure).append("\n\n");
                    }
                }
                report.section(PROFILES_SECTION, where.toString());
            }
        } finally {
            deleteTree(tmp);
        }
        Duration took = Duration.between(started, ZonedDateTime.now(ZoneOffset.UTC));
        String markdown = markdown(context, report, command, started, took, loadBefore, loadAverage(), java);
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        System.out.println(markdown.substring(0, markdown.indexOf("## Raw data")).strip());
        System.out.println("\n(written to " + out + ")");
    }

    private static String markdown(Context context, Report report, String command, ZonedDateTime started, Duration took,
                                   String loadBefore, String loadAfter, String java) throws Exception {
        StringBuilder md = new StringBuilder("# loopshift benchmarks\n\n");
        md.append("Generated by `").append(command).append("` (").append(context.quick() ? "**quick smoke run: too short to conclude from**" : "full run")
                .append(") on ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(", ").append(took.toMinutes())
                .append(" min ").append(took.toSecondsPart()).append(" s.\n\n");
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (").append(cpuModel()).append("), ")
                .append(memory()).append(", Linux ").append(read("/proc/sys/kernel/osrelease")).append('\n');
        md.append("- JDK (every benchmarked JVM): ").append(jdk(java).replace("\n", "; ")).append('\n');
        md.append("- Agent: `").append(Path.of("").toAbsolutePath().relativize(context.agentJar())).append("`, ").append(git()).append('\n');
        md.append("- Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(". The machine is shared: absolute numbers move with its load, which is why every figure alternates its variants ")
                .append("within one invocation and the ratios are computed per round.\n\n");
        md.append("Regenerate: `benchmarks/run` (everything, ~18 min on 2 cores) or `benchmarks/run --quick` (smoke run, ~5 min); ")
                .append("`benchmarks/run --figures 1,3` runs some figures only; `--java /path/to/bin/java` benchmarks another JDK; ")
                .append("`benchmarks/run --profile e|startup` profiles one variant (async-profiler, from Maven Central). ")
                .append("Needs root (or unprivileged user namespaces) for `unshare -n`; `mvn -B verify` builds the module but runs no benchmark.\n\n");
        md.append("## Targets\n\n").append(report.targetTable())
                .append("\nWhat the profiles say about each missed target, and the changes to the agent they suggest: `benchmarks/FINDINGS.md`.\n\n");
        md.append(report.sections()).append('\n');
        md.append("## How the figures are made\n\n");
        md.append("- Whole-process figures (1, 2, 4, 5, 6) start one JVM per variant per round, because the agent installs once per JVM; ")
                .append("variants alternate within a round and the order reverses every other round (a…f, f…a). Each client JVM carries its ")
                .append("own server (the agent rewrites connects, never accept) and reports its own throughput over a fixed measurement window ")
                .append("after a warm-up; its server reports where connections arrived, which checks that each variant took its path.\n");
        md.append("- Every load loop is bounded in time and count (50 M units per thread per cell at most); all traffic is on loopback, ")
                .append("inside private network namespaces.\n");
        md.append("- Sources: `benchmarks/src/main/java/io/loopshift/bench/` (driver, figures) and `.../apps/` (client programs), ")
                .append("`.../jmh/DecisionBench.java`.\n\n");
        md.append("## Raw data\n\n<details><summary>per-round values</summary>\n\n").append(report.raw()).append("</details>\n");
        return md.toString();
    }

    private static String jdk(String java) {
        try {
            ChildJvm.Result result = ChildJvm.run(List.of(java, "-version"), 30);
            return result.output().strip();
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static String git() {
        try {
            ChildJvm.Result agent = ChildJvm.run(List.of("git", "log", "-1", "--format=%h", "--", "agent"), 30);
            ChildJvm.Result head = ChildJvm.run(List.of("git", "rev-parse", "--short", "HEAD"), 30);
            ChildJvm.Result status = ChildJvm.run(List.of("git", "status", "--porcelain", "--untracked-files=no", "--", "agent"), 30);
            return "agent/ last changed in commit " + agent.output().strip() + ", benchmarks at " + head.output().strip()
                    + (status.output().isBlank() ? "" : " (agent/ has uncommitted changes)");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String cpuModel() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String memory() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return (kb / 1024 / 1024) + " GiB memory";
            }
        }
        return "unknown memory";
    }

    private static String loadAverage() {
        try {
            String[] parts = read("/proc/loadavg").split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file)).strip();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }
}
