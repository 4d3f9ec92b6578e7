package io.loopshift.agent.connect;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What the caller of a connect knew and {@code Net.connect} does not: the application's connect
 * timeout, the blocking mode given to the descriptor, and, for a selectable channel, the channel. Recorded per thread on entry to
 * {@code NioSocketImpl.connect} and {@code SocketChannelImpl.connect/blockingConnect}, only for
 * destinations of a {@code unix:} route, and taken by the Unix connector on the same thread a
 * moment later. One reusable object per thread: nothing allocated per connect.
 */
final class ConnectContext {
    private static final ThreadLocal<ConnectContext> CURRENT = new ThreadLocal<>() {
        @Override
        protected ConnectContext initialValue() {
            return new ConnectContext();
        }
    };

    private InetAddress address;
    private int port;
    private long deadlineNanos;
    private Object channel;
    private boolean nonBlocking;
    private Object owner;

    /**
     * What a Unix connect takes from the context: the deadline (0: none), the channel (or null),
     * and whether the JDK made the descriptor non-blocking; {@code recorded} is false where no
     * caller recorded anything (AsynchronousSocketChannel), and the mode must be read from the
     * kernel.
     */
    record Taken(boolean recorded, long deadlineNanos, Object channel, boolean nonBlocking, Object owner) {
        static final Taken NONE = new Taken(false, 0, null, false, null);
    }

    static void record(Object channel, InetSocketAddress remote, long timeoutNanos, boolean nonBlocking) {
        ConnectContext context = CURRENT.get();
        context.address = remote.getAddress();
        context.port = remote.getPort();
        context.deadlineNanos = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        context.channel = channel;
        context.nonBlocking = nonBlocking;
        context.owner = null;
    }

    /**
     * For a Netty socket: always non-blocking, no deadline of its own (Netty times its connects
     * itself), registered with an epoll set the connector must carry over, and answering by the
     * socket object rather than a FileDescriptor.
     */
    static void recordNetty(Object nettySocket, InetSocketAddress remote) {
        record(null, remote, 0, true);
        CURRENT.get().owner = nettySocket;
    }

    /** Takes and clears this thread's context if it was recorded for this destination. */
    static Taken take(InetAddress address, int port) {
        ConnectContext context = CURRENT.get();
        if (context.address == null) {
            return Taken.NONE;
        }
        boolean same = context.port == port && context.address.equals(address);
        Taken taken = same ? new Taken(true, context.deadlineNanos, context.channel, context.nonBlocking, context.owner) : Taken.NONE;
        context.address = null;
        context.channel = null;
        context.owner = null;
        return taken;
    }
}
