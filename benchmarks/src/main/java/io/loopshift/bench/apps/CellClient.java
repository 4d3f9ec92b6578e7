package io.loopshift.bench.apps;

import java.net.SocketAddress;
import java.util.List;

/**
 * The part the churn and persistent clients share: start the server, warm every cell up (in the
 * order given), then measure each in the same order; one {@code RESULT} line per cell, then the
 * server's report of where connections arrived.
 */
final class CellClient {
    /** Runs one cell, e.g. {@code socket:1}, for {@code nanos} against {@code target}. */
    interface Cell {
        CellRunner.Outcome run(String cell, SocketAddress target, long nanos) throws InterruptedException;
    }

    private CellClient() {
    }

    static void run(String[] args, String defaultCells, Cell cellRunner) throws Exception {
        ClientArgs options = new ClientArgs(args);
        List<String> cells = options.cells(defaultCells);
        SocketAddress target = options.target();
        long warmup = options.number("warmup-ms", 500) * 1_000_000L;
        long measure = options.number("measure-ms", 1500) * 1_000_000L;
        try (BenchServer server = new BenchServer(options.port(), options.unixPath(), (int) options.number("acceptors", 2))) {
            System.out.println("READY");
            for (String cell : cells) {
                cellRunner.run(cell, target, warmup);
            }
            for (String cell : cells) {
                System.out.println(cellRunner.run(cell, target, measure).line(cell));
            }
            System.out.println(server.report());
        }
    }
}
