package io.loopshift.agent.connect;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What the caller of a connect knew and {@code Net.connect} does not: the application's connect
 * timeout, the blocking mode given to the descriptor, and, for a selectable channel, the channel.
 * Recorded per thread on entry to {@code NioSocketImpl.connect} and
 * {@code SocketChannelImpl.connect/blockingConnect}, only for destinations of a {@code unix:}
 * route, and taken by the Unix connector on the same thread a moment later.
 *
 * <p>The record is keyed to the connecting socket's FileDescriptor object (and destination): a
 * connect that fails between its entry and {@code Net.connect} (a pending connect, a closed
 * socket, routes replaced in between) leaves a record that no other socket can take, such as an
 * AsynchronousSocketChannel, which records nothing, connecting on the same thread to the same
 * destination. The next Unix connect or record on the thread drops it. One reusable record object per thread;
 * taking it allocates one small value, on the {@code unix:} path only.
 */
public final class ConnectContext {
    private static final ThreadLocal<ConnectContext> CURRENT = new ThreadLocal<>() {
        @Override
        protected ConnectContext initialValue() {
            return new ConnectContext();
        }
    };

    private FileDescriptor fd;
    private InetAddress address;
    private int port;
    private long deadlineNanos;
    private Object channel;
    private boolean nonBlocking;
    private Object owner;
    /** The socket impl or channel whose connect was recorded, and its kind, to ask whether it is bound. */
    private Object target;
    private int kind;
    private boolean inEpollSet;

    /**
     * What a Unix connect takes from the context: the deadline (0: none), the channel (or null),
     * whether the JDK made the descriptor non-blocking, and whether a Netty socket may already be in
     * its event loop's epoll set (Netty 4.1 adds it at registration, 4.2 only after the connect call);
     * {@code recorded} is false where no
     * caller recorded anything for this socket (AsynchronousSocketChannel), and the mode must be
     * read from the kernel.
     */
    public record Taken(boolean recorded, long deadlineNanos, Object channel, boolean nonBlocking, Object owner, boolean inEpollSet) {
        static final Taken NONE = new Taken(false, 0, null, false, null, false);
    }

    static void record(FileDescriptor fd, Object target, int kind, Object channel, InetSocketAddress remote, long timeoutNanos, boolean nonBlocking) {
        ConnectContext context = CURRENT.get();
        context.target = target;
        context.kind = kind;
        context.fd = fd;
        context.address = remote.getAddress();
        context.port = remote.getPort();
        context.deadlineNanos = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        context.channel = channel;
        context.nonBlocking = nonBlocking;
        context.owner = null;
        context.inEpollSet = false;
    }

    /**
     * For a Netty socket: always non-blocking, no deadline of its own (Netty times its connects
     * itself), possibly in an epoll set already ({@code inEpollSet}), which the connector must then
     * carry over, and answering by the socket object rather than a FileDescriptor.
     */
    static void recordNetty(Object nettySocket, boolean inEpollSet, FileDescriptor fd, InetSocketAddress remote) {
        record(fd, null, 0, null, remote, 0, true);
        ConnectContext context = CURRENT.get();
        context.owner = nettySocket;
        context.inEpollSet = inEpollSet;
    }

    /**
     * True when this thread recorded the connect of this socket and its impl or channel was not
     * bound: then the router need not ask the kernel (getsockname). Leaves the record in place.
     */
    static boolean knownUnbound(FileDescriptor fd) {
        ConnectContext context = CURRENT.get();
        return context.fd == fd && context.target != null && !ConnectTargets.isBound(context.target, context.kind);
    }

    /** Clears this thread's context, and returns it if it was recorded for this socket and destination. */
    public static Taken take(FileDescriptor fd, InetAddress address, int port) {
        ConnectContext context = CURRENT.get();
        if (context.fd == null) {
            return Taken.NONE;
        }
        boolean same = context.fd == fd && context.port == port && context.address.equals(address);
        Taken taken = same ? new Taken(true, context.deadlineNanos, context.channel, context.nonBlocking, context.owner, context.inEpollSet) : Taken.NONE;
        context.clear();
        return taken;
    }

    private void clear() {
        fd = null;
        address = null;
        channel = null;
        owner = null;
        target = null;
    }
}
