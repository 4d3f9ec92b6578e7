package io.loopshift.agent.connect;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What the caller of a connect knew and {@code Net.connect} does not: the application's connect
 * timeout and, for a selectable channel, the channel itself. Recorded per thread on entry to
 * {@code NioSocketImpl.connect} and {@code SocketChannelImpl.connect/blockingConnect}, only for
 * destinations of a {@code unix:} route, and taken by the Unix connector on the same thread a
 * moment later. One reusable object per thread: nothing allocated per connect.
 */
final class ConnectContext {
    private static final ThreadLocal<ConnectContext> CURRENT = ThreadLocal.withInitial(ConnectContext::new);

    private InetAddress address;
    private int port;
    private long deadlineNanos;
    private Object channel;

    /** What a Unix connect takes from the context: the deadline (0: none) and the channel (or null). */
    record Taken(long deadlineNanos, Object channel) {
        static final Taken NONE = new Taken(0, null);
    }

    static void record(Object channel, InetSocketAddress remote, long timeoutNanos) {
        ConnectContext context = CURRENT.get();
        context.address = remote.getAddress();
        context.port = remote.getPort();
        context.deadlineNanos = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        context.channel = channel;
    }

    /** Takes and clears this thread's context if it was recorded for this destination. */
    static Taken take(InetAddress address, int port) {
        ConnectContext context = CURRENT.get();
        if (context.address == null) {
            return Taken.NONE;
        }
        boolean same = context.port == port && context.address.equals(address);
        Taken taken = same ? new Taken(context.deadlineNanos, context.channel) : Taken.NONE;
        context.address = null;
        context.channel = null;
        return taken;
    }
}
