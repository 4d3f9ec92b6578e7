package io.loopshift.bench.apps;

import java.net.SocketAddress;
import java.util.List;

/**
 * Figure 2, persistent connections, one client thread: {@code echo:socket} and
 * {@code echo:channel} count 64-byte round trips, {@code bulk:socket} and {@code bulk:channel}
 * count bytes streamed from the server. Each cell opens one connection for its whole duration, so
 * whatever the agent does at connect is outside the measurement.
 */
public final class PersistentClient {
    private PersistentClient() {
    }

    public static void main(String[] args) throws Exception {
        ClientArgs options = new ClientArgs(args);
        List<String> cells = options.cells("echo:socket,echo:channel,bulk:socket,bulk:channel");
        SocketAddress target = options.target();
        long warmup = options.number("warmup-ms", 500) * 1_000_000L;
        long measure = options.number("measure-ms", 1500) * 1_000_000L;
        try (BenchServer server = new BenchServer(options.port(), options.unixPath(), 2)) {
            System.out.println("READY");
            for (String cell : cells) {
                run(cell, target, warmup);
            }
            for (String cell : cells) {
                System.out.println(run(cell, target, measure).line(cell));
            }
            System.out.println(server.report());
        }
    }

    private static CellRunner.Outcome run(String cell, SocketAddress target, long nanos) throws InterruptedException {
        String[] parts = cell.split(":");
        String mode = parts[0];
        String api = parts[1];
        return CellRunner.run(() -> mode.equals("echo") ? Exchanges.echo(api, target) : Exchanges.bulk(api, target), 1, nanos, 0);
    }
}
