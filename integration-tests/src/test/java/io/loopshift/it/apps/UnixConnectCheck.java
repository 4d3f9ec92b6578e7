package io.loopshift.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Checker for {@code unix:} routes: a Unix-socket echo server at {@code path}, optionally a TCP
 * canary on {@code port}, and {@code count} sequential exchanges through one client API to
 * 127.0.0.1:{@code port}. Prints RESULT, UNIX and (with the canary) TCP lines.
 * Arguments: {@code api count path port canary(true|false) [maxSeconds]}.
 */
public final class UnixConnectCheck {
    private UnixConnectCheck() {
    }

    public static void main(String[] args) throws Exception {
        ClientApi api = ClientApi.valueOf(args[0]);
        int count = Integer.parseInt(args[1]);
        Path path = Path.of(args[2]);
        int port = Integer.parseInt(args[3]);
        boolean canary = Boolean.parseBoolean(args[4]);
        long maxSeconds = args.length > 5 ? Long.parseLong(args[5]) : 60;
        try (UnixEchoServer server = new UnixEchoServer(path); TcpCanary tcp = canary ? new TcpCanary(port) : null) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
            long ok = 0;
            long errors = 0;
            String firstError = "none";
            Map<String, Integer> kinds = new TreeMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                try {
                    api.exchange(target);
                    ok++;
                } catch (Exception failure) {
                    errors++;
                    if (errors == 1) {
                        firstError = (failure.getClass().getSimpleName() + ":" + failure.getMessage()).replace(' ', '_');
                        failure.printStackTrace(System.out);
                    }
                    kinds.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
                }
            }
            server.awaitConnections(ok);
            System.out.println("RESULT ok=" + ok + " errors=" + errors + " first_error=" + firstError + " kinds=" + kinds.toString().replace(' ', '_'));
            server.report();
            if (tcp != null) {
                tcp.report();
            }
        }
    }
}
