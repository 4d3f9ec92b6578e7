package io.loopshift.agent.doctor;

import java.util.List;

/**
 * What one socket table file held: its sockets, how many socket lines it had and how many of
 * those could not be read. {@code present} is false when the file does not exist (tcp6 on a
 * kernel booted without IPv6).
 */
record SocketTable(String name, boolean present, List<TcpSocket> sockets, int lines, int malformed) {

    static SocketTable absent(String name) {
        return new SocketTable(name, false, List.of(), 0, 0);
    }
}
