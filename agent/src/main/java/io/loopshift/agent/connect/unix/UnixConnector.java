package io.loopshift.agent.connect.unix;

import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.config.PortPlaceholder;
import io.loopshift.agent.connect.ConnectContext;
import io.loopshift.agent.connect.RewriteNote;
import io.loopshift.agent.connect.RouteConnector;
import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.connect.VirtualThreads;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import io.loopshift.agent.jdk.DescriptorFlags;
import io.loopshift.agent.jdk.EpollSets;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;
import io.loopshift.agent.log.AgentLog;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectableChannel;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code unix:} connects a new AF_UNIX socket to the route's path and puts it in place of the
 * application's TCP socket with dup2, so the application's own Socket or channel object ends up
 * connected to the Unix socket (the technique of ip2unix, done from Java). The steps, on the
 * connecting thread:
 * <ol>
 * <li>read the TCP socket's O_NONBLOCK, which the JDK chose and will not set again;
 * <li>connect a new AF_UNIX socket, always non-blocking, so waiting on a full backlog is ours to
 *     bound: by the application's connect timeout, or without one as a blocking TCP connect would;
 *     a Netty connect, whose event loop must not wait, is answered "in progress" at the first full
 *     backlog and finished later on that loop ({@link PendingUnixConnect});
 * <li>give it the TCP socket's blocking mode, read the TCP-only options set so far and copy the
 *     SOL_SOCKET ones (only those the application set: {@link OptionsBeforeConnect});
 * <li>keep the TCP socket under a second number when it is as fresh as a new one, for the
 *     JDK's next socket creation ({@link TcpSocketPool}), else let the dup2 close it;
 * <li>dup2 it onto the TCP socket's number (atomic: the number is never free) and close the
 *     temporary number once;
 * <li>remember the socket by its FileDescriptor (or Netty socket), and put a registered channel
 *     back into its selectors' epoll sets (a Netty socket: into its event loop's epoll set).
 * </ol>
 * When the Unix socket is unavailable, {@code loopshift.fallback} decides: connect over TCP as
 * asked (warning once per outage) or fail with a ConnectException naming the path and route.
 */
final class UnixConnector implements RouteConnector {
    /** A blocking TCP connect gives up after about this long (Linux tcp_syn_retries=6). */
    static final long BLOCKING_WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(127);
    /** A non-blocking channel's connect must not block: a full backlog gets this long, then counts as unavailable. */
    static final long NON_BLOCKING_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String path;
    private final byte[] pathBytes;
    /** Set for a path with %p: its bytes are made per connect, for the destination port. */
    private final Charset templateCharset;
    private final Fallback fallback;
    private final RouteMetrics metrics;
    private final String routeName;
    private final RedirectTable table;
    private final OptionsBeforeConnect optionsBeforeConnect;
    private final TcpSocketPool pool;
    /** Where a Netty connect waits for a full backlog without blocking its event loop (set once Netty is seen). */
    private final Supplier<BacklogDeferral> backlogDeferral;
    private volatile boolean warnedSinceLastSuccess;

    UnixConnector(String path, Fallback fallback, RouteMetrics metrics, String routeName, RedirectTable table,
                  OptionsBeforeConnect optionsBeforeConnect, TcpSocketPool pool, Charset pathCharset, Supplier<BacklogDeferral> backlogDeferral) {
        this.backlogDeferral = backlogDeferral;
        this.path = path;
        this.pathBytes = path.getBytes(pathCharset);
        this.templateCharset = PortPlaceholder.isTemplate(path) ? pathCharset : null;
        this.fallback = fallback;
        this.metrics = metrics;
        this.routeName = routeName;
        this.table = table;
        this.optionsBeforeConnect = optionsBeforeConnect;
        this.pool = pool;
    }

    @Override
    public int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, RewriteNote note) throws IOException {
        ConnectContext.Taken context = ConnectContext.take(fd, remote, port);
        String socketPath = templateCharset == null ? path : PortPlaceholder.expand(path, port);
        byte[] socketPathBytes = templateCharset == null ? pathBytes : socketPath.getBytes(templateCharset);
        if (note != null) {
            note.target(socketPath);
        }
        int number = UnixCalls.fdVal(fd);
        // The caller's knowledge is free; reading /proc/self/fdinfo is a file read, only for the async channel.
        boolean nonBlocking = context.recorded() ? context.nonBlocking() : DescriptorFlags.isNonBlocking(number);
        // Netty sets its options natively, past the option hook: what it set is unknown and read from the socket.
        int marks = context.owner() != null ? OptionsBeforeConnect.UNKNOWN : optionsBeforeConnect.take(number);
        Map<SocketOption<?>, Object> tcpOptions = tcpOptions(fd, family, marks);
        FileDescriptor unix = UnixCalls.socket();
        BacklogDeferral deferral = context.owner() != null ? backlogDeferral.get() : null;
        boolean defer = deferral != null && deferral.canDefer(context.owner());
        try {
            UnixCalls.configureBlocking(unix, false);
            connectWaitingForBacklog(unix, socketPath, socketPathBytes, defer ? BacklogWait.DEFERRED : deadline(context, nonBlocking));
            if (!nonBlocking) {
                UnixCalls.configureBlocking(unix, true);
            }
            // SOL_SOCKET options set before the connect (setSendBufferSize, setKeepAlive, ...) act on the Unix socket for real.
            SocketLevelOptions.copy(fd, unix, marks);
        } catch (BacklogFullException full) {
            try {
                SocketLevelOptions.copy(fd, unix, marks);
            } catch (IOException | RuntimeException | Error failure) {
                UnixCalls.closeQuietly(unix);
                throw failure;
            }
            RedirectedSocket waiting = new RedirectedSocket(context.owner(), localAnswer(remote), new InetSocketAddress(remote, port), tcpOptions);
            PendingUnixConnect.start(this, deferral, family, number, remote, port, socketPath, socketPathBytes, unix, context.owner(), waiting, table,
                    context.inEpollSet());
            return NetCalls.IN_PROGRESS;
        } catch (UnavailableException unavailable) {
            UnixCalls.closeQuietly(unix);
            if (note != null) {
                note.fellBack();
            }
            return fallBack(family, fd, remote, port, socketPath, unavailable);
        } catch (IOException | RuntimeException | Error failure) {
            UnixCalls.closeQuietly(unix);
            throw failure;
        }
        Object owner = context.owner() != null ? context.owner() : fd;
        EpollSets.Registration epoll = context.inEpollSet() ? findEpollSet(unix, number) : null;
        int kept = keepForReuse(number, context, marks, nonBlocking);
        // Known before the descriptor turns AF_UNIX: no thread can see the Unix socket unanswered.
        RedirectedSocket redirected = new RedirectedSocket(owner, localAnswer(remote), new InetSocketAddress(remote, port), tcpOptions);
        table.register(number, redirected);
        try {
            UnixCalls.moveOnto(unix, number);
        } catch (IOException | RuntimeException | Error failure) {
            table.unregister(number, redirected);
            UnixCalls.closeQuietly(kept);
            throw failure;
        }
        if (kept >= 0 && !pool.offer(family == StandardProtocolFamily.INET6, kept)) {
            UnixCalls.closeQuietly(kept);
        }
        if (epoll != null) {
            EpollSets.restore(number, epoll);
        }
        metrics.rewritten.incrementAndGet();
        warnedSinceLastSuccess = false;
        if (context.channel() != null) {
            reregister(context.channel());
        }
        return 1;
    }

    /**
     * A second number for the TCP socket about to be replaced, so the dup2 does not destroy it
     * and the pool can hand it to the JDK's next socket creation; -1 where it must be closed.
     * Kept only when it is indistinguishable from a new one: made by the JDK's socket classes for
     * a client (a recorded Socket or SocketChannel connect, not Netty's or the async channel's),
     * no option set since (trusted marks), in no selector's epoll set (which holds on to the
     * socket, not the number, and would report its events under the number of the Unix socket),
     * and back in blocking mode, as the JDK makes every socket.
     */
    private int keepForReuse(int number, ConnectContext.Taken context, int marks, boolean nonBlocking) {
        if (marks != 0 || !context.recorded() || context.owner() != null
                || (context.channel() != null && ((SelectableChannel) context.channel()).isRegistered())) {
            return -1;
        }
        int kept = -1;
        try {
            kept = UnixCalls.dup(number);
            if (nonBlocking) {
                UnixCalls.configureBlocking(UnixCalls.borrow(kept), true);
            }
            return kept;
        } catch (IOException outOfDescriptors) {
            // EMFILE and the like: the redirect goes on without the pool, and the dup2 closes the TCP socket as it would anyway.
            UnixCalls.closeQuietly(kept);
            pool.dupFailed(outOfDescriptors);
            return -1;
        }
    }

    /** How long a full backlog may be waited for, and what running out of time means. */
    private record BacklogWait(long deadlineNanos, Kind kind) {
        enum Kind { APPLICATION_TIMEOUT, LIKE_BLOCKING_TCP, NON_BLOCKING_GRACE, DEFERRED }

        /** No wait on this thread: the first full backlog hands the connect to a {@link BacklogDeferral}. */
        static final BacklogWait DEFERRED = new BacklogWait(Long.MIN_VALUE, Kind.DEFERRED);
    }

    private static BacklogWait deadline(ConnectContext.Taken context, boolean nonBlocking) {
        if (context.deadlineNanos() != 0) {
            return new BacklogWait(context.deadlineNanos(), BacklogWait.Kind.APPLICATION_TIMEOUT);
        }
        long now = System.nanoTime();
        if (!nonBlocking || VirtualThreads.current()) {
            return new BacklogWait(now + BLOCKING_WAIT_LIMIT_NANOS, BacklogWait.Kind.LIKE_BLOCKING_TCP);
        }
        return new BacklogWait(now + NON_BLOCKING_GRACE_NANOS, BacklogWait.Kind.NON_BLOCKING_GRACE);
    }

    private void connectWaitingForBacklog(FileDescriptor unix, String socketPath, byte[] socketPathBytes, BacklogWait wait) throws IOException {
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            try {
                if (UnixCalls.connect(unix, socketPathBytes) > 0) {
                    return;
                }
                // EINTR: retry, unless the thread was interrupted to stop.
            } catch (IOException refused) {
                if (!UnixErrors.isBacklogFull(refused)) {
                    throw new UnavailableException(refused);
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for Unix socket " + socketPath);
            }
            if (wait.kind() == BacklogWait.Kind.DEFERRED) {
                throw new BacklogFullException();
            }
            long left = wait.deadlineNanos() - System.nanoTime();
            if (left <= 0) {
                throw outOfTime(wait.kind(), socketPath);
            }
            // parkNanos unmounts a virtual thread: its carrier is free while the backlog is full.
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    private IOException outOfTime(BacklogWait.Kind kind, String socketPath) {
        String full = "Unix socket " + socketPath + " of " + routeName + " kept its backlog full";
        switch (kind) {
            case APPLICATION_TIMEOUT:
                return new SocketTimeoutException("Connect timed out (" + full + ")");
            case LIKE_BLOCKING_TCP:
                return new ConnectException("Connection timed out (" + full + ")");
            default:
                return new UnavailableException(new IOException("backlog full"));
        }
    }

    private int fallBack(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, String socketPath, UnavailableException unavailable) throws IOException {
        IOException failure = fallBackAfterWait((IOException) unavailable.getCause(), socketPath, remote, port);
        if (failure != null) {
            throw failure;
        }
        return NetCalls.connect(family, fd, remote, port);
    }

    /** loopshift.fallback for an unavailable Unix socket: the failure to report ({@code fail}), or null after counting a fallback to TCP. */
    IOException fallBackAfterWait(IOException cause, String socketPath, InetAddress remote, int port) {
        String reason = cause.getMessage();
        if (fallback == Fallback.FAIL) {
            ConnectException failure = new ConnectException("Unix socket " + socketPath + " of " + routeName + " is unavailable ("
                    + reason + "); loopshift.fallback=fail");
            failure.initCause(cause);
            return failure;
        }
        metrics.fallbacks.incrementAndGet();
        if (!warnedSinceLastSuccess) {
            warnedSinceLastSuccess = true;
            AgentLog.warn(routeName + ": Unix socket " + socketPath + " is unavailable (" + reason + "); connecting over TCP to "
                    + remote.getHostAddress() + ":" + port + " instead (loopshift.fallback=tcp). Warned once until the socket works again.");
        }
        return null;
    }

    /** A {@link PendingUnixConnect} got its Unix socket. */
    void connectedAfterWait() {
        metrics.rewritten.incrementAndGet();
        warnedSinceLastSuccess = false;
    }

    /** A {@link PendingUnixConnect} failed, or was given up by its owner. */
    void failedAfterWait(String errno) {
        metrics.failed(errno);
    }

    String routeName() {
        return routeName;
    }

    /** The TCP-only options to carry over: read (one getsockopt each) only where the application set one. */
    private Map<SocketOption<?>, Object> tcpOptions(FileDescriptor fd, ProtocolFamily family, int marks) {
        if (!optionsBeforeConnect.mustRead(marks)) {
            return optionsBeforeConnect.freshValues();
        }
        Map<SocketOption<?>, Object> values = TcpOnlyOptions.readFrom(fd, family);
        optionsBeforeConnect.read(marks, values);
        return values;
    }

    /** A Netty socket is registered with its event loop's epoll set, which the dup2 would make it leave. */
    private static EpollSets.Registration findEpollSet(FileDescriptor unix, int number) throws IOException {
        try {
            return EpollSets.find(number);
        } catch (IOException | RuntimeException | Error failure) {
            UnixCalls.closeQuietly(unix);
            throw failure;
        }
    }

    private static InetSocketAddress localAnswer(InetAddress remote) {
        return new InetSocketAddress(remote instanceof Inet6Address ? LoopbackAnswers.IPV6 : LoopbackAnswers.IPV4, 0);
    }

    private void reregister(Object channel) throws IOException {
        try {
            SelectorReregistration.reregister(channel);
        } catch (IOException | RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The backlog is full and the connect is to be deferred, not waited for here. */
    private static final class BacklogFullException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** The Unix socket cannot be connected now (missing, refused, no permission, or backlog full too long). */
    private static final class UnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnavailableException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
