package io.loopshift.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A JVM under steady load for attach tests: an echo server and a client making exchanges until a
 * stop file appears (or {@code maxSeconds} pass). Prints {@code READY} once serving, then on exit
 * RESULT and SERVER lines (the server lists the peer addresses it saw).
 * Arguments: {@code api stopFile maxSeconds}.
 */
public final class SteadyLoad {
    private SteadyLoad() {
    }

    public static void main(String[] args) throws Exception {
        ClientApi api = ClientApi.valueOf(args[0]);
        Path stopFile = Path.of(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        try (EchoServer server = new EchoServer("127.0.0.1", 0)) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port());
            long ok = 0;
            long errors = 0;
            String firstError = "none";
            System.out.println("READY");
            while (!Files.exists(stopFile) && System.nanoTime() < deadline) {
                try {
                    api.exchange(target);
                    ok++;
                } catch (Exception failure) {
                    if (errors++ == 0) {
                        firstError = (failure.getClass().getSimpleName() + ":" + failure.getMessage()).replace(' ', '_');
                        failure.printStackTrace(System.out);
                    }
                }
                Thread.sleep(1);
            }
            System.out.println("RESULT ok=" + ok + " errors=" + errors + " first_error=" + firstError);
            server.reportPeers();
        }
    }
}
