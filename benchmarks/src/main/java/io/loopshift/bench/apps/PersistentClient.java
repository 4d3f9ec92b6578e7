package io.loopshift.bench.apps;

import java.net.SocketAddress;

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
        CellClient.run(args, "echo:socket,echo:channel,bulk:socket,bulk:channel", PersistentClient::run);
    }

    private static CellRunner.Outcome run(String cell, SocketAddress target, long nanos) throws InterruptedException {
        String[] parts = cell.split(":");
        String mode = parts[0];
        String api = parts[1];
        return CellRunner.run(() -> mode.equals("echo") ? Exchanges.echo(api, target) : Exchanges.bulk(api, target), 1, nanos, 0);
    }
}
