package io.loopshift.agent.cli.doctor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts, for each (source, destination, port), the client sockets to a loopback destination
 * whose local port lies in the ephemeral range. On loopback both ends of a connection are in the
 * table; the server's end is told apart by its local port, which is a listening port (even when
 * a server listens on a port inside the ephemeral range, as one bound to port 0 does).
 */
final class EphemeralPortCounter {
    private final EphemeralRange range;

    EphemeralPortCounter(EphemeralRange range) {
        this.range = range;
    }

    List<DestinationUsage> count(List<SocketTable> tables) {
        Set<Integer> listeningPorts = listeningPorts(tables);
        Map<DestinationKey, DestinationUsage> usages = new LinkedHashMap<>();
        for (SocketTable table : tables) {
            for (TcpSocket socket : table.sockets()) {
                if (isClientEndToLoopback(socket, listeningPorts)) {
                    DestinationKey key = new DestinationKey(socket.local(), socket.remote(), socket.remotePort());
                    usages.computeIfAbsent(key, DestinationUsage::new).add(socket);
                }
            }
        }
        return new ArrayList<>(usages.values());
    }

    private boolean isClientEndToLoopback(TcpSocket socket, Set<Integer> listeningPorts) {
        return socket.state() != TcpState.LISTEN
                && socket.remote().loopback()
                && range.contains(socket.localPort())
                && !listeningPorts.contains(socket.localPort());
    }

    /** Ports with a listener, in either table: a dual-stack listener in tcp6 accepts IPv4 connections too. */
    private static Set<Integer> listeningPorts(List<SocketTable> tables) {
        Set<Integer> ports = new HashSet<>();
        for (SocketTable table : tables) {
            for (TcpSocket socket : table.sockets()) {
                if (socket.state() == TcpState.LISTEN) {
                    ports.add(socket.localPort());
                }
            }
        }
        return ports;
    }
}
