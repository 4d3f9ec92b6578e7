package io.loopshift.agent.listen;

import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.BindException;

/**
 * Tells a live socket file from a stale one by connecting to it, without blocking: a connection
 * or a full backlog means a server listens; "Connection refused" means nobody does. Anything
 * else (no permission) cannot be told, so the file is treated as live and left alone.
 */
final class SocketProbe {
    private SocketProbe() {
    }

    static boolean isListenedOn(byte[] pathBytes, String path, String owner) throws IOException {
        FileDescriptor probe = UnixCalls.socket();
        try {
            UnixCalls.configureBlocking(probe, false);
            UnixCalls.connect(probe, pathBytes);
            return true;
        } catch (IOException refused) {
            String message = String.valueOf(refused.getMessage());
            if (message.contains("Connection refused") || message.contains("No such file")) {
                return false;
            }
            if (message.contains("Resource temporarily unavailable") || message.contains("Try again")) {
                return true;
            }
            BindException unknown = new BindException("Address already in use: cannot tell whether Unix socket " + path + " of " + owner
                    + " is still in use (" + message + "); loopshift leaves it alone");
            unknown.initCause(refused);
            throw unknown;
        } finally {
            UnixCalls.closeQuietly(probe);
        }
    }
}
