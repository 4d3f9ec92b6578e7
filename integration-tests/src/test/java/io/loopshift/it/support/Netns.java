package io.loopshift.it.support;

import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Private network namespaces for exhaustion tests: {@code unshare -n} (or {@code -rn} without
 * root), loopback up, a small {@code ip_local_port_range} and {@code tcp_tw_reuse=0}, so 50 ports
 * show in a second what 28,000 show in production. Where a namespace cannot be made the test is
 * skipped with the reason, unless {@code LOOPSHIFT_REQUIRE_NETNS=1} (set by .ci/run), where it
 * fails instead: CI must never pass by skipping.
 *
 * <p>How a namespace is made, the same rule in the integration tests, the benchmarks and the
 * sample's demo (each has its own copy, as they share no module): try {@code unshare -n} (root or
 * CAP_SYS_ADMIN), then {@code unshare -rn} (an unprivileged user namespace), and use the first
 * that sets the namespace up; when neither does, report both reasons.
 */
public final class Netns {
    public static final String REQUIRE_VARIABLE = "LOOPSHIFT_REQUIRE_NETNS";
    private static volatile String unavailableReason;
    private static volatile String unshareFlag = "-rn";
    private static volatile boolean probed;

    private Netns() {
    }

    /**
     * The namespace's ephemeral port range (inclusive), tcp_tw_reuse value, and shell commands run
     * after loopback is up (e.g. {@code ip addr add 10.77.0.1/32 dev lo}), or "true".
     */
    public record Settings(int firstPort, int lastPort, int twReuse, String setup) {
        public static Settings ports(int count) {
            return new Settings(40000, 40000 + count - 1, 0, "true");
        }

        /** Linux's default range, for tests that need a namespace but no small range. */
        public static Settings wideRange() {
            return new Settings(32768, 60999, 0, "true");
        }

        public Settings withSetup(String commands) {
            return new Settings(firstPort, lastPort, twReuse, commands);
        }
    }

    /** Skips the calling test (or fails it under CI) when no namespace can be made here. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason == null) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError("a network namespace is required (" + REQUIRE_VARIABLE + "=1) but cannot be made: " + reason);
        }
        Assumptions.abort("no private network namespace here: " + reason);
    }

    /**
     * For the part of a namespace test that needs something the namespace lacks (such as ::1 on a
     * kernel without IPv6): fails under {@code LOOPSHIFT_REQUIRE_NETNS=1}, else prints that the
     * part was skipped and why, so that the rest of the test still runs.
     */
    public static void partUnavailable(String part, String reason) {
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError(part + " is required (" + REQUIRE_VARIABLE + "=1) but cannot run here: " + reason);
        }
        System.out.println("SKIPPED " + part + ": " + reason);
    }

    static List<String> wrap(List<String> command, Settings settings) {
        unavailableReason();
        return wrap(command, settings, unshareFlag);
    }

    private static List<String> wrap(List<String> command, Settings settings, String flag) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", flag));
        wrapped.add("sh");
        wrapped.add("-c");
        wrapped.add("ip link set lo up && echo \"$1 $2\" > /proc/sys/net/ipv4/ip_local_port_range"
                + " && echo \"$3\" > /proc/sys/net/ipv4/tcp_tw_reuse && eval \"$4\" && shift 4 && exec \"$@\"");
        wrapped.add("netns");
        wrapped.add(String.valueOf(settings.firstPort()));
        wrapped.add(String.valueOf(settings.lastPort()));
        wrapped.add(String.valueOf(settings.twReuse()));
        wrapped.add(settings.setup());
        wrapped.addAll(command);
        return wrapped;
    }

    private static synchronized String unavailableReason() {
        if (!probed) {
            unavailableReason = probe();
            probed = true;
        }
        return unavailableReason;
    }

    private static String probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "network namespaces exist only on Linux";
        }
        String reasons = "";
        for (String flag : List.of("-n", "-rn")) {
            String reason = probeWith(flag);
            if (reason == null) {
                unshareFlag = flag;
                return null;
            }
            reasons += (reasons.isEmpty() ? "" : "; ") + reason;
        }
        return reasons;
    }

    private static String probeWith(String flag) {
        List<String> command = wrap(List.of("true"), Settings.ports(50), flag);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "'" + String.join(" ", command) + "' did not finish";
            }
            return process.exitValue() == 0 ? null : "'" + String.join(" ", command) + "' failed: " + output.trim();
        } catch (Exception e) {
            return "cannot run unshare: " + e;
        }
    }
}
