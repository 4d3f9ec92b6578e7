package io.loopshift.sample.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A private network namespace per run: {@code unshare -n} (as root) or {@code unshare -rn} (in a
 * user namespace), loopback up, the given ephemeral range and {@code tcp_tw_reuse=0}. Without
 * reuse a loopback client cannot take a port back from TIME_WAIT for 60 s, so a 1,000-port range
 * runs out in about a second, where a default host (28,000 ports, reuse after 1 s) needs ~28,000
 * new connections per second. The namespace ends with its last process, and with it the
 * TIME_WAIT entries: nothing on the host is touched.
 *
 * <p>How a namespace is made, the same rule in the integration tests, the benchmarks and the
 * sample's demo (each has its own copy, as they share no module): try {@code unshare -n} (root or
 * CAP_SYS_ADMIN), then {@code unshare -rn} (an unprivileged user namespace), and use the first
 * that sets the namespace up; when neither does, report both reasons.
 */
final class Namespace {
    static final int FIRST_PORT = 40000;
    private static final String SETUP = "ip link set lo up && echo \"$1 $2\" > /proc/sys/net/ipv4/ip_local_port_range"
            + " && echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse && shift 2 && exec \"$@\"";

    private final String unshareFlag;

    private Namespace(String unshareFlag) {
        this.unshareFlag = unshareFlag;
    }

    /** Probes {@code unshare -n}, then {@code -rn}; the first that sets up a namespace is used. */
    static Namespace probe(int ports) throws InterruptedException, UnavailableException {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new UnavailableException("network namespaces exist only on Linux (this is " + System.getProperty("os.name") + ")");
        }
        List<String> failures = new ArrayList<>();
        for (String flag : List.of("-n", "-rn")) {
            Namespace candidate = new Namespace(flag);
            List<String> command = candidate.wrap(List.of("true"), ports);
            String failure = tryRun(command);
            if (failure == null) {
                return candidate;
            }
            failures.add("'" + String.join(" ", command.subList(0, 2)) + " ...' " + failure);
        }
        throw new UnavailableException(String.join("; ", failures)
                + " (needs root, or unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0,"
                + " plus the unshare and ip commands)");
    }

    List<String> wrap(List<String> command, int ports) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", unshareFlag, "sh", "-c", SETUP, "netns",
                String.valueOf(FIRST_PORT), String.valueOf(FIRST_PORT + ports - 1)));
        wrapped.addAll(command);
        return wrapped;
    }

    String how() {
        return "unshare " + unshareFlag;
    }

    private static String tryRun(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "did not finish in 20 s";
            }
            String output = new String(process.getInputStream().readAllBytes()).trim();
            return process.exitValue() == 0 ? null : "failed: " + (output.isEmpty() ? "exit " + process.exitValue() : output);
        } catch (IOException cannotStart) {
            return "cannot start: " + cannotStart.getMessage();
        }
    }

    /** Why no namespace can be made here. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String reason) {
            super(reason);
        }
    }
}
