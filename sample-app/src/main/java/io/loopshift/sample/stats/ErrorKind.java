package io.loopshift.sample.stats;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Names a failure by its cause, so that counts say what happened: {@code EADDRNOTAVAIL} when the
 * ephemeral ports ran out, rather than the exception class, which differs per client API
 * (BindException from Socket and SocketChannel, IOException from AsynchronousSocketChannel,
 * ConnectException wrapping it from HttpClient). The whole cause chain is searched because
 * HttpClient and futures wrap the original.
 */
public final class ErrorKind {
    public static final String EADDRNOTAVAIL = "EADDRNOTAVAIL";

    private ErrorKind() {
    }

    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            // strerror(EADDRNOTAVAIL) on Linux, then on macOS; the JDK puts it in the message (checked on 17 and 25).
            if (message.contains("Cannot assign requested address") || message.contains("Can't assign requested address")) {
                return EADDRNOTAVAIL;
            }
            if (message.contains("Connection refused")) {
                return "ECONNREFUSED";
            }
            if (message.contains("Connection reset")) {
                return "ECONNRESET";
            }
            if (message.contains("Broken pipe")) {
                return "EPIPE";
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return "TIMEOUT";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
