package io.loopshift.agent.connect.unix;

import java.io.IOException;

/** Tells a full backlog (EAGAIN from a non-blocking AF_UNIX connect) from the errors that mean "unavailable". */
final class UnixErrors {
    private UnixErrors() {
    }

    static boolean isBacklogFull(IOException failure) {
        String message = failure.getMessage();
        // glibc's and musl's strerror(EAGAIN); the JDK puts strerror's text in the message.
        return message != null && (message.contains("Resource temporarily unavailable") || message.contains("Try again"));
    }
}
