package io.loopshift.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Checker program run in a child JVM: starts an echo server, then makes {@code count} sequential
 * exchanges through one client API, and prints
 * {@code RESULT ok=.. errors=.. eaddrnotavail=.. first_error=..} and the server's line.
 * Arguments: {@code api count serverBind target [maxSeconds]}. Bounded in count and time.
 */
public final class ConnectCheck {
    private ConnectCheck() {
    }

    public static void main(String[] args) throws Exception {
        ClientApi api = ClientApi.valueOf(args[0]);
        int count = Integer.parseInt(args[1]);
        String serverBind = args[2];
        String target = args[3];
        long maxSeconds = args.length > 4 ? Long.parseLong(args[4]) : 60;
        try (EchoServer server = new EchoServer(serverBind, 0)) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(target), server.port());
            long ok = 0;
            long errors = 0;
            long addressNotAvailable = 0;
            String firstError = "none";
            Map<String, Integer> errorKinds = new TreeMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                try {
                    api.exchange(address);
                    ok++;
                } catch (Exception failure) {
                    errors++;
                    String text = failure.getClass().getSimpleName() + ":" + failure.getMessage();
                    if (text.contains("Cannot assign requested address")) {
                        addressNotAvailable++;
                    }
                    if (errors == 1) {
                        firstError = text.replace(' ', '_');
                        failure.printStackTrace(System.out);
                    }
                    errorKinds.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
                }
            }
            server.awaitConnections(ok);
            System.out.println("RESULT ok=" + ok + " errors=" + errors + " eaddrnotavail=" + addressNotAvailable
                    + " first_error=" + firstError + " kinds=" + errorKinds.toString().replace(' ', '_'));
            server.report();
        }
    }
}
