package io.loopshift.agent.connect;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * Names the kernel error behind a JDK socket exception. The JDK puts strerror's text in the
 * message (glibc's English text; the JVM does not localise it), so that is what is matched.
 */
public final class Errno {
    private static final Map<String, String> BY_MESSAGE = Map.of(
            "Cannot assign requested address", "EADDRNOTAVAIL",
            "Address already in use", "EADDRINUSE",
            "Connection refused", "ECONNREFUSED",
            "No such file or directory", "ENOENT",
            "Permission denied", "EACCES",
            "Resource temporarily unavailable", "EAGAIN",
            "Connection timed out", "ETIMEDOUT",
            "Network is unreachable", "ENETUNREACH",
            "Too many open files", "EMFILE");

    private Errno() {
    }

    public static String of(IOException failure) {
        if (failure instanceof SocketTimeoutException) {
            return "ETIMEDOUT";
        }
        String message = failure.getMessage();
        if (message != null) {
            for (Map.Entry<String, String> known : BY_MESSAGE.entrySet()) {
                if (message.contains(known.getKey())) {
                    return known.getValue();
                }
            }
        }
        return "OTHER";
    }
}
