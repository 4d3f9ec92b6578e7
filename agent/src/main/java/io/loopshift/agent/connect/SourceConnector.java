package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.NetCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/**
 * {@code source:} binds the client socket to the next pool address, then connects to the
 * original destination. With IP_BIND_ADDRESS_NO_PORT the kernel picks the source port per
 * 4-tuple at connect time, so each pool address gives a full ephemeral range per destination.
 */
final class SourceConnector implements RouteConnector {
    /** Addresses tried before the kernel's bind error is passed on. */
    static final int MAX_BIND_ATTEMPTS = 8;

    private final Rotation rotation;
    private final RouteMetrics metrics;
    private volatile boolean noPortOption = true;

    SourceConnector(Rotation rotation, RouteMetrics metrics) {
        this.rotation = rotation;
        this.metrics = metrics;
    }

    @Override
    public int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, RewriteNote note) throws IOException {
        if (noPortOption && !NetCalls.setBindAddressNoPort(fd)) {
            noPortOption = false;
        }
        Inet4Address source = bindToNextAddress(family, fd);
        if (note != null) {
            note.target(source);
        }
        metrics.rewritten.incrementAndGet();
        return NetCalls.connect(family, fd, remote, port);
    }

    private Inet4Address bindToNextAddress(ProtocolFamily family, FileDescriptor fd) throws IOException {
        int attempts = Math.min(MAX_BIND_ATTEMPTS, rotation.pool().size());
        BindException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Inet4Address candidate = rotation.next();
            try {
                NetCalls.bind(family, fd, candidate);
                return candidate;
            } catch (BindException unavailable) {
                // EADDRINUSE (ports of this address used up) or EADDRNOTAVAIL (address not configured): try the next.
                last = unavailable;
                metrics.sourceSkips.incrementAndGet();
            }
        }
        throw last;
    }

    @Override
    public int rotationPosition() {
        return rotation.position();
    }
}
