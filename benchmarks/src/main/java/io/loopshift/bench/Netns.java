package io.loopshift.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Private network namespaces for the whole-process figures: {@code unshare -n} (root) or
 * {@code -rn}, loopback up, the given {@code ip_local_port_range} and {@code tcp_tw_reuse}. A
 * fresh namespace per child JVM means no TIME_WAIT left by one run is seen by the next.
 *
 * <p>How a namespace is made, the same rule in the integration tests, the benchmarks and the
 * sample's demo (each has its own copy, as they share no module): try {@code unshare -n} (root or
 * CAP_SYS_ADMIN), then {@code unshare -rn} (an unprivileged user namespace), and use the first
 * that sets the namespace up; when neither does, report both reasons.
 */
final class Netns {
    private final List<String> unshare;
    private final String unavailableReason;

    private Netns(List<String> unshare, String unavailableReason) {
        this.unshare = unshare;
        this.unavailableReason = unavailableReason;
    }

    static Netns probe() throws Exception {
        String reasons = "";
        for (List<String> unshare : List.of(List.of("unshare", "-n"), List.of("unshare", "-rn"))) {
            Netns candidate = new Netns(unshare, null);
            ChildJvm.Result result = ChildJvm.run(candidate.wrap(List.of("true"), 10000, 65000, 2), 30);
            if (result.ok()) {
                return candidate;
            }
            reasons += String.join(" ", unshare) + ": " + result.output().trim() + "; ";
        }
        return new Netns(null, reasons);
    }

    boolean available() {
        return unshare != null;
    }

    String unavailableReason() {
        return unavailableReason;
    }

    String how() {
        return String.join(" ", unshare);
    }

    List<String> wrap(List<String> command, int firstPort, int lastPort, int twReuse) {
        return wrap(command, firstPort, lastPort, twReuse, 0);
    }

    /** As above; {@code maxTimeWait} &gt; 0 also sets {@code tcp_max_tw_buckets} (the namespace's default is the host's). */
    List<String> wrap(List<String> command, int firstPort, int lastPort, int twReuse, int maxTimeWait) {
        List<String> wrapped = new ArrayList<>(unshare);
        wrapped.add("sh");
        wrapped.add("-c");
        wrapped.add("ip link set lo up && echo \"$1 $2\" > /proc/sys/net/ipv4/ip_local_port_range"
                + " && echo \"$3\" > /proc/sys/net/ipv4/tcp_tw_reuse"
                + " && { [ \"$4\" = 0 ] || echo \"$4\" > /proc/sys/net/ipv4/tcp_max_tw_buckets; } && shift 4 && exec \"$@\"");
        wrapped.add("netns");
        wrapped.add(String.valueOf(firstPort));
        wrapped.add(String.valueOf(lastPort));
        wrapped.add(String.valueOf(twReuse));
        wrapped.add(String.valueOf(maxTimeWait));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The value of a sysctl as a fresh namespace sees it, or "unknown". */
    String fresh(String sysctl) {
        try {
            ChildJvm.Result result = ChildJvm.run(wrap(List.of("cat", "/proc/sys/" + sysctl.replace('.', '/')), 10000, 65000, 2), 30);
            return result.ok() ? result.output().strip() : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
