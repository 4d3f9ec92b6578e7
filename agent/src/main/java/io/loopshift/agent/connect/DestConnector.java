package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.log.AgentLog;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/**
 * {@code dest:} connects to the next pool address instead of the original destination, same
 * port. When a rotated address refuses but the original accepts (a server bound to 127.0.0.1
 * only), the connect is retried on the original and that port stays on the original from then on,
 * with one warning.
 *
 * <p>The retry reuses the application's socket, so it is made only where that is sound: after a
 * refusal (ECONNREFUSED, which comes back at once on loopback), never after a timeout, which
 * would make the application wait twice; and only to an IPv4 original. Linux keeps a dual-stack
 * socket whose IPv4-mapped connect was refused on its IPv4 path, so a retry to ::1 on it sends
 * SYNs nowhere and ends in "Connection timed out" two minutes later: a refusal turned into a
 * hang. Routes never hand this connector a ::1 destination ({@link RouteTable}); the check keeps
 * the retry honest on its own.
 */
final class DestConnector implements RouteConnector {
    private final Rotation rotation;
    private final RouteMetrics metrics;
    private final String routeName;
    private final PortSet portsOnOriginal = new PortSet();

    DestConnector(Rotation rotation, RouteMetrics metrics, String routeName) {
        this.rotation = rotation;
        this.metrics = metrics;
        this.routeName = routeName;
    }

    @Override
    public int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, RewriteNote note) throws IOException {
        if (portsOnOriginal.contains(port)) {
            metrics.fallbacks.incrementAndGet();
            if (note != null) {
                note.target(remote);
                note.fellBack();
            }
            return NetCalls.connect(family, fd, remote, port);
        }
        Inet4Address target = rotation.next();
        if (note != null) {
            note.target(target);
        }
        int result;
        try {
            result = NetCalls.connect(family, fd, target, port);
        } catch (ConnectException failed) {
            return fallBackOrThrow(family, fd, remote, port, target, failed, note);
        }
        // On loopback a refusal is processed before a non-blocking connect returns (checked on
        // Linux 6.x); under heavy softirq load it may come later and reach the application.
        if (result == NetCalls.IN_PROGRESS && NetCalls.connectFailedAlready(fd)) {
            // Linux needs one more connect to report the error and reset the socket.
            try {
                result = NetCalls.connect(family, fd, target, port);
            } catch (IOException failed) {
                return fallBackOrThrow(family, fd, remote, port, target, failed, note);
            }
        }
        metrics.rewritten.incrementAndGet();
        return result;
    }

    /**
     * True when a failed connect to a rotated address may be retried on the original with the
     * same socket: the rotated address refused, and the original is IPv4 like it.
     */
    static boolean retriesOnOriginal(IOException failure, InetAddress original) {
        return "ECONNREFUSED".equals(Errno.of(failure)) && original instanceof Inet4Address;
    }

    private int fallBackOrThrow(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, Inet4Address refused,
                                IOException failure, RewriteNote note) throws IOException {
        if (!retriesOnOriginal(failure, remote)) {
            throw failure;
        }
        if (note != null) {
            note.fellBack();
        }
        return fallBack(family, fd, remote, port, refused);
    }

    private int fallBack(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, Inet4Address refused) throws IOException {
        int result = NetCalls.connect(family, fd, remote, port);
        boolean originalRefusedToo = result == NetCalls.IN_PROGRESS && NetCalls.connectFailedAlready(fd);
        if (!originalRefusedToo) {
            metrics.fallbacks.incrementAndGet();
            if (portsOnOriginal.add(port)) {
                AgentLog.warn(routeName + ": " + refused.getHostAddress() + ":" + port + " refused but " + remote.getHostAddress() + ":" + port
                        + " accepts; connects to port " + port + " now go to " + remote.getHostAddress() + " without rotation. Bind the server to 0.0.0.0"
                        + " (or to every pool address) to rotate.");
            }
        }
        return result;
    }

    @Override
    public int rotationPosition() {
        return rotation.position();
    }
}
