package io.loopshift.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Figure 2, persistent connections: one connection per cell, 64-byte round trips per second and
 * bulk MB/s (server to client, 64 KiB writes and reads), over TCP, over a {@code unix:} redirect
 * and over a native Unix socket. After connect a redirected socket is a real Unix socket, so the
 * redirect should match the native socket.
 */
final class PersistentFigure {
    static final List<String> CELLS = List.of("echo:socket", "echo:channel", "bulk:socket", "bulk:channel");

    private PersistentFigure() {
    }

    static void run(Context context, Report report) throws Exception {
        int rounds = context.roundsOr(5, 2);
        long warmupMs = context.quick() ? 200 : 750;
        long measureMs = context.quick() ? 500 : 1500;
        boolean inNetns = context.netns().available();
        int port = inNetns ? ChurnFigure.PORT : Ports.free();
        Path unixPath = context.tmp().resolve("persistent.sock");
        List<Variant> all = ChurnFigure.variants(context, port, unixPath);
        List<Variant> variants = List.of(all.get(0), all.get(4), all.get(5));
        Rounds results = new Rounds(variants, CELLS);
        results.run("persistent", rounds, 120, variant -> {
            return ChurnFigure.clientCommand(context, variant, "io.loopshift.bench.apps.PersistentClient", CELLS, port, unixPath, warmupMs, measureMs);
        });

        StringBuilder md = new StringBuilder("## 2. Persistent connections\n\n");
        md.append("One client thread, one connection per cell: 64-byte request/response round trips per second, and bulk MB/s ")
                .append("(10^6 bytes; the server writes 64 KiB chunks, the client reads 64 KiB at a time). Median (min–max) over ")
                .append(rounds).append(" alternating rounds (a e f, f e a, ...), ").append(warmupMs).append(" ms warm-up and ")
                .append(measureMs).append(" ms measurement per cell, same server and namespace set-up as figure 1. ")
                .append("TCP sockets set TCP_NODELAY on both ends (on the redirected socket the agent accepts and remembers it).\n\n");
        md.append("| cell | a: TCP | e: unix: redirect | f: native Unix | e/a | e/f (target ≥ 0.95: adds nothing after connect) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (String cell : CELLS) {
            boolean bulk = cell.startsWith("bulk");
            md.append("| ").append(label(cell)).append(" |");
            for (Variant variant : variants) {
                Stats stats = results.stats(variant.key(), cell);
                md.append(' ').append(bulk ? scaled(stats, 1e6) : stats.count()).append(" |");
            }
            Stats ea = results.ratio("e", "a", cell);
            Stats ef = results.ratio("e", "f", cell);
            md.append(' ').append(ea.ratio()).append(" | ").append(ef.ratio()).append(ef.empty() || ef.median() < 0.95 ? " ✗" : "").append(" |\n");
        }
        md.append("\nCPU time of the whole client JVM per round trip (µs) or per MB (ms), median (min–max):\n\n")
                .append("| cell | a: TCP | e: unix: redirect | f: native Unix | CPU e/f (f's CPU / e's: above 1 is cheaper) |\n|---|---|---|---|---|\n");
        for (String cell : CELLS) {
            boolean bulk = cell.startsWith("bulk");
            md.append("| ").append(bulk ? "CPU ms per MB" : "CPU µs per round trip").append(", ").append(label(cell).substring(label(cell).indexOf(", ") + 2)).append(" |");
            for (Variant variant : variants) {
                Stats cpu = results.cpuMicros(variant.key(), cell);
                // Bulk units are bytes: µs per byte × 10^6 / 1000 = ms per MB.
                md.append(' ').append(bulk ? new Stats(cpu.median() * 1000, cpu.min() * 1000, cpu.max() * 1000, cpu.n()).decimals(2)
                        : cpu.decimals(1)).append(" |");
            }
            md.append(' ').append(results.cpuRatio("e", "f", cell).ratio()).append(" |\n");
        }
        md.append("\nIn f, the \"Socket\" cells use a UNIX-family `SocketChannel` (`java.net.Socket` has no Unix sockets), so e/f of the ")
                .append("Socket cells compares `java.net.Socket` streams with a channel; the target is judged on the SocketChannel cells.\n");
        String notes = results.problemNotes();
        md.append(notes.isEmpty() ? "\nEvery run's server confirmed its variant, and no exchange failed.\n" : "\nProblems:\n\n" + notes);
        report.section(2, md.toString());

        // The verdict compares like with like: SocketChannel cells (f has no java.net.Socket).
        Stats worst = null;
        String worstCell = null;
        StringBuilder allCells = new StringBuilder();
        for (String cell : CELLS) {
            Stats ef = results.ratio("e", "f", cell);
            allCells.append(allCells.length() == 0 ? "" : "; ").append(label(cell)).append(' ').append(Stats.fixed(ef.median(), 3));
            if (cell.endsWith(":channel") && !ef.empty() && (worst == null || ef.median() < worst.median())) {
                worst = ef;
                worstCell = cell;
            }
        }
        String goal = "persistent e/f ≥ 0.95, SocketChannel cells (redirect adds nothing after connect)";
        if (worst == null) {
            report.notMeasured("2", goal, "no successful rounds");
        } else {
            report.target("2", goal, "lower cell " + label(worstCell) + ": " + worst.ratio() + " (all cells: " + allCells + ")", worst.median() >= 0.95,
                    worst.max() >= 0.95);
        }
        report.raw("Figure 2, round trips/s or bytes/s per run", results.raw.toString());
    }

    private static String scaled(Stats stats, double unit) {
        return new Stats(stats.median() / unit, stats.min() / unit, stats.max() / unit, stats.n()).count();
    }

    private static String label(String cell) {
        String[] parts = cell.split(":");
        return (parts[0].equals("echo") ? "round trips/s" : "bulk MB/s") + ", " + (parts[1].equals("socket") ? "Socket" : "SocketChannel");
    }
}
