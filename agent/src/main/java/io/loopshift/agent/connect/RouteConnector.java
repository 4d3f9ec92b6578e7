package io.loopshift.agent.connect;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/** Carries out one route's action on a matching connect, in place of the JDK's own connect. */
public interface RouteConnector {
    /**
     * The connector of an {@code ignore} route: the router never calls it, the JDK connects as
     * asked. An anonymous class, not a lambda: no invokedynamic bootstrap in someone else's JVM.
     */
    RouteConnector UNTOUCHED = new RouteConnector() {
        @Override
        public int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, RewriteNote note) {
            throw new IllegalStateException("an ignore route has nothing to connect");
        }
    };

    /**
     * Connects {@code fd} as the route's action says.
     *
     * @param note     where to note the rewrite's target for a JFR event, or null when no recording wants it
     * @return 1 when connected, {@link io.loopshift.agent.jdk.NetCalls#IN_PROGRESS} for a
     *         non-blocking connect under way, as {@code Net.connect} would
     * @throws IOException as {@code Net.connect} would, the kernel's error where there is one
     */
    int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, RewriteNote note) throws IOException;

    /** The rotation position for metrics, or -1 for actions that do not rotate. */
    default int rotationPosition() {
        return -1;
    }
}
