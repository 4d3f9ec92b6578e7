package io.loopshift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Figure 6, Netty's native epoll transport: connection churn and a persistent connection made by a
 * Netty client ({@code apps.NettyClient}) as plain TCP ({@code EpollSocketChannel} to 127.0.0.1),
 * through a {@code unix:} redirect (the same channel, the agent attached), and as Netty's own Unix
 * client ({@code EpollDomainSocketChannel} to the path). Same server, rounds and namespaces as
 * figures 1 and 2.
 */
final class NettyFigure {
    static final List<String> CELLS = List.of("churn:1", "churn:2", "echo", "bulk");
    private static final String[][] RATIOS = {{"e", "a"}, {"e", "f"}, {"f", "a"}};

    private NettyFigure() {
    }

    static void run(Context context, Report report) throws Exception {
        int rounds = context.roundsOr(5, 2);
        long warmupMs = context.quick() ? 200 : 750;
        long measureMs = context.quick() ? 500 : 1500;
        int port = context.netns().available() ? ChurnFigure.PORT : Ports.free();
        Path unixPath = context.tmp().resolve("netty.sock");
        List<Variant> variants = List.of(
                new Variant("a", "EpollSocketChannel, no agent", List.of(), false, Variant.Expect.PLAIN_TCP),
                new Variant("e", "EpollSocketChannel, unix: redirect", context.agent("loopshift.routes=127.0.0.1:" + port + "->unix:" + unixPath),
                        false, Variant.Expect.UNIX_ONLY),
                new Variant("f", "EpollDomainSocketChannel, no agent", List.of(), true, Variant.Expect.UNIX_ONLY));
        List<Path> netty = nettyJars(context);
        Rounds results = new Rounds(variants, CELLS);
        results.run("netty", rounds, 120, variant -> ChurnFigure.clientCommand(context, variant, "io.loopshift.bench.apps.NettyClient", netty,
                CELLS, port, unixPath, warmupMs, measureMs));

        StringBuilder md = new StringBuilder("## 6. Netty's native epoll transport\n\n");
        md.append("A Netty `Bootstrap` on an epoll event loop (2 threads). Churn: each client thread connects, sends 64 bytes, waits for ")
                .append("the 128-byte response and closes, as in figure 1; echo: one connection, 64-byte round trips; bulk: one connection, ")
                .append("MB/s the server streams (64 KiB writes). Median (min–max) over ").append(rounds)
                .append(" alternating rounds (a e f, f e a, ...), ").append(warmupMs).append(" ms warm-up and ").append(measureMs)
                .append(" ms measurement per cell; same in-process server and namespaces as figure 1. ")
                .append("a and e are the same client code, which an application cannot tell apart; f is what a Netty application gets by ")
                .append("changing its code to Unix sockets.\n\n");
        header(md, variants.stream().map(variant -> variant.key() + ": " + variant.label()).toList(), "");
        for (String cell : CELLS) {
            md.append("| ").append(label(cell)).append(" |");
            for (Variant variant : variants) {
                Stats stats = results.stats(variant.key(), cell);
                md.append(' ').append(cell.equals("bulk") ? new Stats(stats.median() / 1e6, stats.min() / 1e6, stats.max() / 1e6, stats.n()).count()
                        : stats.count()).append(" |");
            }
            for (String[] ratio : RATIOS) {
                md.append(' ').append(results.ratio(ratio[0], ratio[1], cell).ratio()).append(" |");
            }
            md.append('\n');
        }
        md.append("\nCPU time of the whole client JVM per unit (µs per request or round trip, ms per MB for bulk), and the cost ratios ")
                .append("(the second variant's CPU / the first's: above 1 means the first is cheaper):\n\n");
        header(md, variants.stream().map(Variant::key).toList(), "CPU ");
        for (String cell : CELLS) {
            md.append("| ").append(label(cell)).append(" |");
            for (Variant variant : variants) {
                Stats cpu = results.cpuMicros(variant.key(), cell);
                // Bulk units are bytes: µs per byte × 10^6 / 1000 = ms per MB.
                md.append(' ').append(cell.equals("bulk") ? new Stats(cpu.median() * 1000, cpu.min() * 1000, cpu.max() * 1000, cpu.n()).decimals(2)
                        : cpu.decimals(1)).append(" |");
            }
            for (String[] ratio : RATIOS) {
                md.append(' ').append(results.cpuRatio(ratio[0], ratio[1], cell).ratio()).append(" |");
            }
            md.append('\n');
        }
        String notes = results.problemNotes();
        md.append(notes.isEmpty() ? "\nEvery run's server confirmed its variant (a: TCP from and to 127.0.0.1 only; e, f: Unix listener only), "
                + "and no exchange failed.\n" : "\nProblems:\n\n" + notes);
        report.section(6, md.toString());
        for (String cell : CELLS) {
            Context.progress("netty " + label(cell) + ": e/a " + results.ratio("e", "a", cell).ratio() + ", e/f " + results.ratio("e", "f", cell).ratio()
                    + ", f/a " + results.ratio("f", "a", cell).ratio());
        }
        report.raw("Figure 6, requests/s, round trips/s or bytes/s per run", results.raw.toString());
    }

    /** A table's first two lines: the cell column, one column per variant, then one per ratio. */
    private static void header(StringBuilder md, List<String> variantColumns, String ratioPrefix) {
        md.append("| cell |");
        for (String column : variantColumns) {
            md.append(' ').append(column).append(" |");
        }
        for (String[] ratio : RATIOS) {
            md.append(' ').append(ratioPrefix).append(ratio[0]).append('/').append(ratio[1]).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(variantColumns.size() + RATIOS.length)).append('\n');
    }

    /** Netty's jars, copied next to the benchmark jar by the build. */
    private static List<Path> nettyJars(Context context) throws IOException {
        Path directory = context.benchJar().resolveSibling("netty-libs");
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(directory + " is missing: build first (mvn -B package -DskipTests)");
        }
        try (Stream<Path> jars = Files.list(directory)) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static String label(String cell) {
        return switch (cell) {
            case "echo" -> "persistent, round trips/s";
            case "bulk" -> "persistent, bulk MB/s";
            default -> "churn, " + cell.substring(cell.indexOf(':') + 1) + (cell.endsWith(":1") ? " thread" : " threads") + ", requests/s";
        };
    }
}
