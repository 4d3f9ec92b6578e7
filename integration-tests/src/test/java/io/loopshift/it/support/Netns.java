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
 */
public final class Netns {
    public static final String REQUIRE_VARIABLE = "LOOPSHIFT_REQUIRE_NETNS";
    private static volatile String unavailableReason;
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

    /** True where a namespace can be made (always required under CI, see {@link #assumeAvailable}). */
    public static boolean available() {
        return unavailableReason() == null;
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

    static List<String> wrap(List<String> command, Settings settings) {
        List<String> wrapped = new ArrayList<>(unshare());
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

    private static List<String> unshare() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return List.of("unshare", root ? "-n" : "-rn");
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
        List<String> command = wrap(List.of("true"), Settings.ports(50));
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
