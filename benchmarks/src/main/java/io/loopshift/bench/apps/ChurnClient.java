package io.loopshift.bench.apps;

import java.net.SocketAddress;

/**
 * Figure 1, connection churn: for each cell ({@code api:threads[:shape]}, e.g. {@code socket:1} or
 * {@code channel:2:tiny}), threads repeat connect, request, response, close (see
 * {@link Exchanges#churn} for the shapes). All cells are warmed up first (in the order given),
 * then measured in the same order; one {@code RESULT} line per cell.
 */
public final class ChurnClient {
    private ChurnClient() {
    }

    public static void main(String[] args) throws Exception {
        CellClient.run(args, "socket:1,channel:1,socket:2,channel:2", ChurnClient::run);
    }

    private static CellRunner.Outcome run(String cell, SocketAddress target, long nanos) throws InterruptedException {
        String[] parts = cell.split(":");
        String api = parts[0];
        int threads = Integer.parseInt(parts[1]);
        String shape = parts.length > 2 ? parts[2] : "";
        return CellRunner.run(() -> Exchanges.churn(api, target, shape), threads, nanos, 0);
    }
}
