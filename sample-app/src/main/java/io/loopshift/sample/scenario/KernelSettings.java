package io.loopshift.sample.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What this network namespace really has, read back rather than assumed, so every report states
 * the port range and TIME_WAIT reuse that produced its numbers.
 */
final class KernelSettings {
    private KernelSettings() {
    }

    /** {@code 40000-40199}, or {@code unknown} off Linux. */
    static String portRange() {
        String text = read(Paths.get("/proc/sys/net/ipv4/ip_local_port_range"));
        return text.equals("unknown") ? text : text.trim().replaceAll("\\s+", "-");
    }

    static String twReuse() {
        return read(Paths.get("/proc/sys/net/ipv4/tcp_tw_reuse")).trim();
    }

    /** True if some interface other than loopback is up: then this is not a private namespace. */
    static boolean hasNetworkBeyondLoopback() throws SocketException {
        return NetworkInterface.networkInterfaces().anyMatch(nic -> {
            try {
                return nic.isUp() && !nic.isLoopback();
            } catch (SocketException unreadable) {
                return true;
            }
        });
    }

    private static String read(Path path) {
        // Not Files.readString: /proc files report size 0, and JDK 17 then returned only the first byte.
        try (InputStream in = Files.newInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }
}
