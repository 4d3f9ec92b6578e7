package io.loopshift.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Leaves a socket file at a path before a {@code unix:} run: the agent checks at start-up that
 * the path is a socket (and warns when it is not), but the child's server binds it only after
 * start-up. The child replaces the file with its own listener; closing a Unix channel does not
 * remove its file.
 */
final class SocketFiles {
    private SocketFiles() {
    }

    static void leaveSocketFile(Path path) {
        try {
            Files.deleteIfExists(path);
            try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                listener.bind(UnixDomainSocketAddress.of(path));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a socket file at " + path, e);
        }
    }
}
