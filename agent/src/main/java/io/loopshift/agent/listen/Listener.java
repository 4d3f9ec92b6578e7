package io.loopshift.agent.listen;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A server socket that listens on a Unix socket instead of its TCP port: the JDK's
 * FileDescriptor (compared by identity, never by number alone), its rule and socket file, and
 * the addresses accepted connections report.
 *
 * @param local         what the server socket answers: the address it bound and the port
 * @param acceptedLocal what an accepted connection answers as its local address (loopback for a wildcard bind)
 * @param peer          the remote address of an accepted connection: 127.0.0.1, or ::1 for a server on ::1
 */
record Listener(FileDescriptor fd, ActiveListenRule rule, SocketFile file, InetSocketAddress local,
                InetSocketAddress acceptedLocal, InetAddress peer) {

    String path() {
        return file.path();
    }
}
