package io.loopshift.it.libraries;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a server saw: how many connections it accepted, from which peer addresses and on which of
 * its local addresses. {@code source:} shows as many peers, {@code dest:} as many locals, and a
 * connection over a Unix socket as neither.
 */
final class Addresses {
    private final AtomicLong connections = new AtomicLong();
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private final Set<String> locals = ConcurrentHashMap.newKeySet();
    private final Set<String> kinds = ConcurrentHashMap.newKeySet();

    /** One accepted connection. */
    void connection(SocketAddress peer, SocketAddress local) {
        connections.incrementAndGet();
        kinds.add(peer instanceof InetSocketAddress ? "tcp" : "unix");
        address(peer, local);
    }

    /** Connections a server reported only as counts and address strings (Redis's CLIENT LIST and INFO). */
    void connections(long count, String kind) {
        connections.addAndGet(count);
        if (count > 0) {
            kinds.add(kind);
        }
    }

    void tcpAddresses(String peer, String local) {
        peers.add(peer);
        locals.add(local);
    }

    /** The addresses of a request or a connection already counted. */
    void address(SocketAddress peer, SocketAddress local) {
        if (peer instanceof InetSocketAddress tcp) {
            peers.add(tcp.getAddress().getHostAddress());
        }
        if (local instanceof InetSocketAddress tcp) {
            locals.add(tcp.getAddress().getHostAddress());
        }
    }

    /** Waits up to 10 s for the server to have accepted {@code expected} connections: its acceptor may lag behind the client. */
    void awaitConnections(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connections.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Prints {@code SERVER connections=.. kinds=.. peers=.. locals=..}. */
    void report() {
        System.out.println("SERVER connections=" + connections.get() + " kinds=" + String.join(",", new java.util.TreeSet<>(kinds))
                + " peers=" + peers.size() + " locals=" + locals.size()
                + " peer_sample=" + sample(peers) + " local_sample=" + sample(locals));
    }

    private static String sample(Set<String> values) {
        return String.join(",", values.stream().sorted().limit(5).toList());
    }
}
