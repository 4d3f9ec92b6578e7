package io.loopshift.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 1, connection churn: connect, request, response, close, as fast as the client threads
 * go, for the six variants of the issue, in two shapes: 1a (64-byte request, 128-byte response,
 * the client closes first) and 1b (4 bytes each way, the server closes first, one acceptor,
 * untimed and timed connects). Each child JVM runs in a fresh network
 * namespace (ports 10000-65000, tcp_tw_reuse=2 as on a default host) with its own server, so
 * TIME_WAIT from one run never reaches the next.
 */
final class ChurnFigure {
    static final int PORT = 7000;
    static final List<String> CELLS = List.of("socket:1", "channel:1", "socket:2", "channel:2");

    private ChurnFigure() {
    }

    static List<Variant> variants(Context context, int port, Path unixPath) {
        String source = "127.0.1.0/24";
        return List.of(
                new Variant("a", "plain TCP, no agent", List.of(), false, Variant.Expect.PLAIN_TCP),
                new Variant("b", "agent, no route matches", context.agent("loopshift.routes=127.0.0.1:" + (port + 1) + "->source:" + source),
                        false, Variant.Expect.PLAIN_TCP),
                new Variant("c", "source: 127.0.1.0/24", context.agent("loopshift.routes=127.0.0.1:" + port + "->source:" + source),
                        false, Variant.Expect.ROTATED_SOURCE),
                new Variant("d", "dest: 127.0.0.0/24", context.agent("loopshift.routes=127.0.0.1:" + port + "->dest:127.0.0.0/24"),
                        false, Variant.Expect.ROTATED_DEST),
                new Variant("e", "unix: redirect", context.agent("loopshift.routes=127.0.0.1:" + port + "->unix:" + unixPath),
                        false, Variant.Expect.UNIX_ONLY),
                new Variant("f", "native Unix socket, no agent", List.of(), true, Variant.Expect.UNIX_ONLY));
    }

    /**
     * The command of one client JVM (figures 1 and 2): its server on {@code port} and
     * {@code unixPath}, the cells, the timings, and the variant's target and agent options; in
     * its own network namespace when one can be made, so no TIME_WAIT outlives the run.
     */
    static List<String> clientCommand(Context context, Variant variant, String mainClass, List<String> cells, int port, Path unixPath,
                                      long warmupMs, long measureMs) {
        return clientCommand(context, variant, mainClass, List.of(), cells, port, unixPath, warmupMs, measureMs);
    }

    /** As above, with these library jars on the client's class path. */
    static List<String> clientCommand(Context context, Variant variant, String mainClass, List<Path> libraries, List<String> cells, int port,
                                      Path unixPath, long warmupMs, long measureMs) {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--unix", unixPath.toString(),
                "--cells", String.join(",", cells), "--warmup-ms", String.valueOf(warmupMs), "--measure-ms", String.valueOf(measureMs)));
        args.addAll(variant.targetArgs());
        SocketFiles.leaveSocketFile(unixPath);
        List<String> command = context.javaCommand(variant.jvmOptions(), mainClass, args, libraries);
        return context.netns().available() ? context.netns().wrap(command, 10000, 65000, 2) : command;
    }

    /**
     * The shapes (1b): 4 bytes there and back, one acceptor thread per listener; the
     * client closes first (tiny) or the server does (srvclose); untimed and timed connects (a
     * timed channel connect goes through its socket adaptor).
     */
    static final List<String> SHAPE_CELLS = List.of("socket:1:tiny", "socket:1:tiny-timed", "channel:1:tiny", "channel:1:tiny-timed",
            "socket:2:srvclose", "channel:2:srvclose");
    static final int SHAPE_ACCEPTORS = 1;
    /** Issue 15's targets: the variant over the baseline, per cell, median over rounds. */
    private static final String[][] RATIOS = {{"b", "a", "0.99"}, {"c", "a", "0.95"}, {"d", "a", "0.95"}, {"e", "a", "1.9"}, {"e", "f", "0.90"}};

    static void run(Context context, Report report) throws Exception {
        int rounds = context.roundsOr(5, 2);
        long warmupMs = context.quick() ? 200 : 750;
        long measureMs = context.quick() ? 500 : 1500;
        boolean inNetns = context.netns().available();
        int port = inNetns ? PORT : Ports.free();
        Path unixPath = context.tmp().resolve("churn.sock");
        List<Variant> variants = context.chosen(variants(context, port, unixPath));
        StringBuilder md = new StringBuilder("## 1. Connection churn\n\n");
        md.append("Requests/s, median (min–max) over ").append(rounds)
                .append(" alternating rounds. Each round starts one JVM per variant (a b c d e f, then f e d c b a), ")
                .append("each warms every cell up for ").append(warmupMs).append(" ms, then measures each for ").append(measureMs)
                .append(" ms. The server runs in the client's JVM (TCP on 0.0.0.0:").append(port)
                .append(", Unix at ").append(unixPath).append("; blocking acceptor threads that serve one connection at a time); ")
                .append("the agent never touches accept. ");
        md.append(inNetns ? "Every JVM runs in its own network namespace (`" + context.netns().how()
                + "`, lo up, ip_local_port_range 10000-65000, tcp_tw_reuse=2), so no TIME_WAIT survives from one run to the next."
                : "**No network namespace could be made** (" + context.netns().unavailableReason()
                + "): runs share the host's port range and TIME_WAIT.").append("\n\n");
        md.append("In the native-Unix variant f, the \"Socket\" cells use a UNIX-family `SocketChannel` too: `java.net.Socket` has ")
                .append("no Unix sockets, so e/f for Socket compares the redirected `Socket` with a native channel. ")
                .append("CPU is the CPU time of the whole client JVM (client threads, in-process server, JIT, GC) per request, µs: ")
                .append("less sensitive to other tenants of the machine than a rate; a CPU ratio is a's (or f's) CPU per request over the ")
                .append("variant's, so above 1 means cheaper, like the rate ratios.\n\n");

        Rounds classic = new Rounds(variants, CELLS);
        classic.run("churn", rounds, 120, variant -> clientCommand(context, variant, "io.loopshift.bench.apps.ChurnClient", CELLS, port,
                unixPath, warmupMs, measureMs));
        md.append("### 1a. 64-byte request, 128-byte response, the client closes first, 2 acceptor threads\n\n");
        part(md, report, "", classic, variants);

        Rounds shape = new Rounds(variants, SHAPE_CELLS);
        shape.run("churn (issue shape)", rounds, 120, variant -> {
            List<String> command = new ArrayList<>(clientCommand(context, variant, "io.loopshift.bench.apps.ChurnClient", SHAPE_CELLS, port,
                    unixPath, warmupMs, measureMs));
            command.addAll(List.of("--acceptors", String.valueOf(SHAPE_ACCEPTORS)));
            return command;
        });
        md.append("### 1b. 4 bytes there and back, 1 acceptor thread; untimed and timed connects; the server closes first in the 2-thread cells\n\n")
                .append("A timed connect is `Socket.connect(address, 10000)`, or for a channel `channel.socket().connect(address, 10000)` ")
                .append("(the socket adaptor, as blocking client libraries use it); the native-Unix variant f has no adaptor and ")
                .append("connects untimed there, so e/f of a timed cell compares a timed redirected connect with an untimed native one.\n\n");
        part(md, report, " (1b)", shape, variants);
        report.section(1, md.toString());
        report.raw("Figure 1a, requests/s and CPU per request per run", classic.raw.toString());
        report.raw("Figure 1b, requests/s and CPU per request per run", shape.raw.toString());
    }

    private static void part(StringBuilder md, Report report, String suffix, Rounds results, List<Variant> variants) {
        List<String> cells = results.cells();
        md.append("| cell |");
        for (Variant variant : variants) {
            md.append(' ').append(variant.key()).append(": ").append(variant.label()).append(" |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(variants.size())).append('\n');
        for (String cell : cells) {
            md.append("| ").append(cellLabel(cell)).append(" |");
            for (Variant variant : variants) {
                md.append(' ').append(results.stats(variant.key(), cell).count()).append(" |");
            }
            md.append('\n');
        }
        List<String[]> ratios = new ArrayList<>();
        for (String[] ratio : RATIOS) {
            if (results.has(ratio[0]) && results.has(ratio[1])) {
                ratios.add(ratio);
            }
        }
        md.append("\nRatios, computed per round and then their median (min–max):\n\n");
        md.append("| cell |");
        for (String[] ratio : ratios) {
            md.append(' ').append(ratio[0]).append('/').append(ratio[1]).append(" (target ≥ ").append(ratio[2]).append(") |");
        }
        md.append("\n|---|").append("---|".repeat(ratios.size())).append('\n');
        for (String cell : cells) {
            md.append("| ").append(cellLabel(cell)).append(" |");
            for (String[] ratio : ratios) {
                Stats stats = results.ratio(ratio[0], ratio[1], cell);
                boolean met = !stats.empty() && stats.median() >= Double.parseDouble(ratio[2]);
                md.append(' ').append(stats.ratio()).append(met ? "" : " ✗").append(" |");
            }
            md.append('\n');
        }
        md.append("\nCPU µs per request, median (min–max), and CPU ratios:\n\n| cell |");
        for (Variant variant : variants) {
            md.append(' ').append(variant.key()).append(" |");
        }
        for (String[] ratio : ratios) {
            md.append(" CPU ").append(ratio[0]).append('/').append(ratio[1]).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(variants.size() + ratios.size())).append('\n');
        for (String cell : cells) {
            md.append("| ").append(cellLabel(cell)).append(" |");
            for (Variant variant : variants) {
                md.append(' ').append(results.cpuMicros(variant.key(), cell).decimals(1)).append(" |");
            }
            for (String[] ratio : ratios) {
                md.append(' ').append(results.cpuRatio(ratio[0], ratio[1], cell).ratio()).append(" |");
            }
            md.append('\n');
        }
        md.append("\n✗ marks a median below its target.\n");
        String notes = results.problemNotes();
        md.append(notes.isEmpty() ? "\nEvery run's server confirmed its variant (a, b: TCP from and to 127.0.0.1 only; c: several source "
                + "addresses; d: several destination addresses; e, f: Unix listener only), and no exchange failed.\n\n"
                : "\nProblems:\n\n" + notes + "\n");

        for (String[] ratio : ratios) {
            String worstCell = null;
            Stats worst = null;
            StringBuilder all = new StringBuilder();
            for (String cell : cells) {
                Stats stats = results.ratio(ratio[0], ratio[1], cell);
                all.append(all.length() == 0 ? "" : "; ").append(shortLabel(cell)).append(' ').append(Stats.fixed(stats.median(), 3));
                if (!stats.empty() && (worst == null || stats.median() < worst.median())) {
                    worst = stats;
                    worstCell = cell;
                }
            }
            String goal = "churn " + ratio[0] + "/" + ratio[1] + " ≥ " + ratio[2] + suffix;
            if (worst == null) {
                report.notMeasured("1", goal, "no successful rounds");
            } else {
                report.target("1", goal, "lowest cell " + shortLabel(worstCell) + ": " + worst.ratio() + " (all: " + all + ")",
                        worst.median() >= Double.parseDouble(ratio[2]), worst.max() >= Double.parseDouble(ratio[2]));
            }
        }
    }

    static String cellLabel(String cell) {
        String[] parts = cell.split(":");
        return (parts[0].equals("socket") ? "Socket" : "SocketChannel") + ", " + parts[1] + (parts[1].equals("1") ? " thread" : " threads")
                + (parts.length > 2 && parts[2].endsWith("-timed") ? ", timed connect" : "")
                + (parts.length > 2 && parts[2].startsWith("srvclose") ? ", server closes first" : "");
    }

    static String shortLabel(String cell) {
        String[] parts = cell.split(":");
        return (parts[0].equals("socket") ? "Socket" : "Channel") + "×" + parts[1] + (parts.length > 2 && parts[2].endsWith("-timed") ? " timed" : "")
                + (parts.length > 2 && parts[2].startsWith("srvclose") ? " srvclose" : "");
    }
}
