package io.loopshift.agent.connect;

import java.nio.channels.SelectableChannel;

/**
 * The blocking mode the JDK gives a socket for its connect, known from the caller, so a Unix
 * socket put in its place gets the same mode without asking the kernel. Read from the JDK 17
 * and 25 sources: NioSocketImpl goes non-blocking for a timed connect or on a virtual thread
 * ({@code configureNonBlockingIfNeeded}); SocketChannelImpl keeps the channel's mode, forced
 * non-blocking on a virtual thread; the socket adaptor's timed connect runs non-blocking and
 * restores blocking mode itself afterwards.
 */
final class ConnectModes {
    static final int SOCKET = 0;
    static final int CHANNEL = 1;
    static final int CHANNEL_TIMED = 2;

    private ConnectModes() {
    }

    static boolean nonBlocking(Object target, long timeoutNanos, int kind) {
        switch (kind) {
            case SOCKET:
                return timeoutNanos > 0 || VirtualThreads.current();
            case CHANNEL:
                return !((SelectableChannel) target).isBlocking() || VirtualThreads.current();
            default:
                return true;
        }
    }
}
