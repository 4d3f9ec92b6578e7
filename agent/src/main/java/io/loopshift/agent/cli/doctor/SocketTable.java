package io.loopshift.agent.cli.doctor;

import java.util.List;

/**
 * What one socket table file ({@code net/tcp} or {@code net/tcp6}, under the /proc root) held: its sockets and how many lines could not be read as one.
 * {@code present} is false when the file does not exist (tcp6 on a kernel booted without IPv6).
 */
record SocketTable(String name, boolean present, List<TcpSocket> sockets, int malformed) {

    static SocketTable absent(String name) {
        return new SocketTable(name, false, List.of(), 0);
    }
}
