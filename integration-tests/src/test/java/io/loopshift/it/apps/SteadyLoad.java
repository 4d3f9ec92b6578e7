package io.loopshift.it.apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A JVM under steady load for attach tests: an echo server and a client making exchanges until a
 * stop file appears (or {@code maxSeconds} pass). Prints {@code READY} once serving, then on exit
 * RESULT and SERVER lines (the server lists the peer addresses it saw). It prints
 * {@code COUNTERS_REGISTERED} once the agent's JMX counters exist (the agent registers them a
 * moment after it starts). With a {@code markFile}, once that file appears it prints
 * {@code MARKED}, and on exit
 * {@code AFTER_MARK exchanges=.. peers=<count> peer_sample=<up to 5> matched_at_mark=.. matched_at_end=..}: the
 * peers seen and the agent's JMX "Matched" total (-1 without the MXBean) from then on, which
 * prove that a detach stopped the rewriting.
 * Arguments: {@code api stopFile maxSeconds [markFile]}.
 */
public final class SteadyLoad {
    private SteadyLoad() {
    }

    public static void main(String[] args) throws Exception {
        ClientApi api = ClientApi.valueOf(args[0]);
        Path stopFile = Path.of(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        Path markFile = args.length > 3 ? Path.of(args[3]) : null;
        Set<String> peersAfterMark = null;
        long exchangesAfterMark = 0;
        long matchedAtMark = -1;
        boolean countersSeen = false;
        try (EchoServer server = new EchoServer("127.0.0.1", 0)) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port());
            long ok = 0;
            long errors = 0;
            String firstError = "none";
            System.out.println("READY");
            while (!Files.exists(stopFile) && System.nanoTime() < deadline) {
                if (!countersSeen && matchedTotal() >= 0) {
                    countersSeen = true;
                    System.out.println("COUNTERS_REGISTERED");
                }
                if (peersAfterMark == null && markFile != null && Files.exists(markFile)) {
                    peersAfterMark = server.peersFromNowOn();
                    matchedAtMark = matchedTotal();
                    System.out.println("MARKED");
                }
                try {
                    api.exchange(target);
                    ok++;
                    if (peersAfterMark != null) {
                        exchangesAfterMark++;
                    }
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
            if (peersAfterMark != null) {
                System.out.println("AFTER_MARK exchanges=" + exchangesAfterMark + " peers=" + peersAfterMark.size() + " peer_sample=" + String.join(",", new TreeSet<>(peersAfterMark).stream().limit(5).toList())
                        + " matched_at_mark=" + matchedAtMark + " matched_at_end=" + matchedTotal());
            }
        }
    }

    /** The agent's "Matched" counter over all routes, or -1 when it has no MXBean in this JVM. */
    private static long matchedTotal() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName total = new ObjectName("loopshift:type=Total");
        return mbeans.isRegistered(total) ? (Long) mbeans.getAttribute(total, "Matched") : -1;
    }
}
