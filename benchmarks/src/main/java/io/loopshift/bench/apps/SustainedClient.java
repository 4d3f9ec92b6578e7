package io.loopshift.bench.apps;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Figure 5, sustained churn in a small port range: {@code --threads} threads churn with
 * {@code java.net.Socket} for {@code --seconds}; a failed connect (EADDRNOTAVAIL once the range is
 * in TIME_WAIT) is counted and followed by a 1 ms pause, as a client's retry would. Prints the
 * total and the completed connections of each second.
 */
public final class SustainedClient {
    private SustainedClient() {
    }

    /** This network namespace's TCP line of /proc/net/sockstat ("inuse N orphan N tw N ..."), or "unknown". */
    private static String timeWait() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    return line.substring(4).trim().replace(' ', '_');
                }
            }
        } catch (java.io.IOException | RuntimeException unavailable) {
            // Not Linux: nothing to add.
        }
        return "unknown";
    }

    public static void main(String[] args) throws Exception {
        ClientArgs options = new ClientArgs(args);
        SocketAddress target = options.target();
        int threads = (int) options.number("threads", 2);
        int seconds = (int) options.number("seconds", 30);
        AtomicLongArray perSecond = new AtomicLongArray(seconds + 1);
        try (BenchServer server = new BenchServer(options.port(), null, threads)) {
            System.out.println("READY");
            long start = System.nanoTime();
            CellRunner.Outcome outcome = CellRunner.run(() -> {
                CellRunner.Work churn = Exchanges.churn("socket", target, "");
                return () -> {
                    long units = churn.once();
                    int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                    perSecond.incrementAndGet(Math.min(second, seconds));
                    return units;
                };
            }, threads, seconds * 1_000_000_000L, 1);
            System.out.println(outcome.line("sustained"));
            StringBuilder timeline = new StringBuilder("TIMELINE");
            for (int i = 0; i < seconds; i++) {
                timeline.append(' ').append(perSecond.get(i));
            }
            System.out.println(timeline);
            System.out.println(server.report());
            System.out.println("SOCKSTAT " + timeWait());
        }
    }
}
