package io.loopshift.agent.connect.unix;

import io.loopshift.agent.connect.Errno;
import io.loopshift.agent.jdk.EpollSets;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/**
 * A Netty socket's {@code unix:} connect whose Unix socket had its backlog full: reported to
 * Netty as in progress, as a TCP connect to a full backlog stays, and finished later by
 * {@link #attempt()} on the event loop. While it waits, the socket's number holds an empty epoll
 * set, which never reports readiness, so Netty waits for EPOLLOUT as after any connect in
 * progress, and its own connect-timeout task fails the promise and closes the channel when the
 * backlog stays full. What Netty sees at the end:
 * <ul>
 * <li>connected: the Unix socket goes under the number and into Netty's epoll set; it is
 *     writable, so Netty's finishConnect reads SO_ERROR 0 and the channel becomes active;
 * <li>the Unix socket became unavailable: {@code loopshift.fallback=tcp} puts the application's
 *     own TCP socket (kept aside) back and connects it to the original destination; {@code fail}
 *     puts it back unconnected, which wakes Netty, and {@link #failure()} is what its
 *     finishConnect throws;
 * <li>Netty closed the channel (its connect timeout, or a cancel): {@link #abandon()} closes what
 *     the agent holds and touches the number no more;
 * <li>a bug in the retry: {@link #failBecauseOf} fails it as {@code fail} does, naming the bug.
 * </ul>
 * Without a connect timeout of the application's, the wait ends as a blocking TCP connect's does.
 */
public final class PendingUnixConnect {
    private final UnixConnector connector;
    private final ProtocolFamily family;
    private final int number;
    private final InetAddress remote;
    private final int port;
    private final String socketPath;
    private final byte[] socketPathBytes;
    private final FileDescriptor unix;
    private final FileDescriptor tcp;
    private final Object owner;
    private final RedirectedSocket redirected;
    private final RedirectTable table;
    private final long deadlineNanos;
    private final Leftovers leftovers;
    private IOException failure;

    private PendingUnixConnect(UnixConnector connector, ProtocolFamily family, int number, InetAddress remote, int port, String socketPath,
                               byte[] socketPathBytes, FileDescriptor unix, FileDescriptor tcp, Object owner, RedirectedSocket redirected,
                               RedirectTable table) {
        this.connector = connector;
        this.family = family;
        this.number = number;
        this.remote = remote;
        this.port = port;
        this.socketPath = socketPath;
        this.socketPathBytes = socketPathBytes;
        this.unix = unix;
        this.tcp = tcp;
        this.owner = owner;
        this.redirected = redirected;
        this.table = table;
        this.deadlineNanos = System.nanoTime() + UnixConnector.BLOCKING_WAIT_LIMIT_NANOS;
        this.leftovers = new Leftovers(unix, tcp);
    }

    /**
     * Puts the empty epoll set under the socket's number (keeping the TCP socket aside) and hands
     * the connect to the deferral. On failure nothing is left changed and {@code unix} is closed.
     */
    static PendingUnixConnect start(UnixConnector connector, BacklogDeferral deferral, ProtocolFamily family, int number, InetAddress remote, int port,
                                    String socketPath, byte[] socketPathBytes, FileDescriptor unix, Object owner, RedirectedSocket redirected,
                                    RedirectTable table, boolean inEpollSet) throws IOException {
        FileDescriptor tcp;
        FileDescriptor placeholder;
        EpollSets.Registration registration = null;
        try {
            // Netty 4.1 put the TCP socket in its epoll set when the channel registered (4.2 adds it only after
            // this call): take it out while the number still names it, or the copy kept aside below would keep
            // that entry alive, under this number, beside the placeholder's.
            registration = inEpollSet ? EpollSets.find(number) : null;
            if (registration != null) {
                EpollSets.remove(number, registration);
            }
            tcp = UnixCalls.duplicate(number);
        } catch (IOException | RuntimeException | Error failure) {
            if (registration != null) {
                EpollSets.restore(number, registration);
            }
            UnixCalls.closeQuietly(unix);
            throw failure;
        }
        try {
            placeholder = EpollSets.emptySet();
        } catch (IOException | RuntimeException | Error failure) {
            UnixCalls.closeQuietly(tcp);
            UnixCalls.closeQuietly(unix);
            if (registration != null) {
                EpollSets.restore(number, registration);
            }
            throw failure;
        }
        PendingUnixConnect pending = new PendingUnixConnect(connector, family, number, remote, port, socketPath, socketPathBytes, unix, tcp,
                owner, redirected, table);
        // An event loop shut down while waiting drops its retries: what the agent holds is closed once the socket is collected.
        Leftovers.CLEANER.register(owner, pending.leftovers);
        // Answered from now on: Netty asks the local address right after its connect call.
        table.register(number, redirected);
        try {
            UnixCalls.moveOnto(placeholder, number);
            if (registration != null) {
                EpollSets.restore(number, registration);
            }
        } catch (IOException | RuntimeException | Error failure) {
            UnixCalls.closeQuietly(placeholder);
            pending.undo();
            throw failure;
        }
        try {
            deferral.defer(pending);
        } catch (RuntimeException | Error rejected) {
            // An event loop shutting down: the channel is going away, and its connect fails as it would have.
            pending.undo();
            throw rejected;
        }
        return pending;
    }

    public Object owner() {
        return owner;
    }

    /** What Netty's finishConnect must throw once {@link #attempt()} is done, or null. */
    public IOException failure() {
        return failure;
    }

    /**
     * One more connect to the Unix socket; true when done (connected, fallen back or failed),
     * false while the backlog is still full. Called only while the owner is open, on the thread
     * that closes it, so the number cannot change hands in between.
     */
    public boolean attempt() throws IOException {
        try {
            if (UnixCalls.connect(unix, socketPathBytes) <= 0) {
                return outOfTime();  // EINTR
            }
        } catch (IOException refused) {
            if (UnixErrors.isBacklogFull(refused)) {
                return outOfTime();
            }
            unavailable(refused);
            return true;
        }
        leftovers.settled = true;
        putUnderNumber(unix);
        UnixCalls.closeQuietly(tcp);
        connector.connectedAfterWait();
        return true;
    }

    /** The owner closed its socket while waiting: its number is not ours to touch any more. A settled connect has nothing left to give up. */
    public void abandon() {
        if (leftovers.settled) {
            return;
        }
        leftovers.settled = true;
        UnixCalls.closeQuietly(unix);
        UnixCalls.closeQuietly(tcp);
        table.unregister(number, redirected);
        // Almost always the application's connect timeout; the JDK path counts its own the same way.
        connector.failedAfterWait("ETIMEDOUT");
    }

    /**
     * A bug in whatever retries this connect: unless it settled already, it fails now, as with
     * {@code loopshift.fallback=fail} (the TCP socket back under the number wakes Netty, whose
     * finishConnect throws {@link #failure()}), instead of waiting for Netty's connect timeout.
     * True when {@link #failure()} is now what Netty's finishConnect must throw. Called only while
     * the owner is open, on the thread that closes it.
     */
    public boolean failBecauseOf(Throwable bug) throws IOException {
        if (leftovers.settled) {
            return failure != null;
        }
        ConnectException failed = new ConnectException("loopshift: bug in " + connector.routeName() + " while it waited for the backlog of Unix socket "
                + socketPath + ", so this connect fails rather than wait for the connect timeout: " + bug);
        failed.initCause(bug);
        failure = failed;
        connector.failedAfterWait("AGENT_BUG");
        undo();
        return true;
    }

    private boolean outOfTime() throws IOException {
        if (System.nanoTime() - deadlineNanos < 0) {
            return false;
        }
        fail(new ConnectException("Connection timed out (Unix socket " + socketPath + " of " + connector.routeName() + " kept its backlog full)"));
        return true;
    }

    private void unavailable(IOException cause) throws IOException {
        IOException failed = connector.fallBackAfterWait(cause, socketPath, remote, port);
        if (failed != null) {
            fail(failed);
            return;
        }
        // loopshift.fallback=tcp: the application's TCP socket goes back and connects as it asked.
        leftovers.settled = true;
        UnixCalls.closeQuietly(unix);
        table.unregister(number, redirected);
        putUnderNumber(tcp);
        try {
            NetCalls.connect(family, UnixCalls.borrow(number), remote, port);
        } catch (IOException refusedAtOnce) {
            // Netty learns a connect's result from SO_ERROR, which an error returned at once does not set.
            failure = refusedAtOnce;
            connector.failedAfterWait(Errno.of(refusedAtOnce));
        }
    }

    private void fail(IOException cause) throws IOException {
        failure = cause;
        connector.failedAfterWait(Errno.of(cause));
        undo();
    }

    /** The TCP socket back under the number, unconnected: writable at once, so Netty calls finishConnect. */
    private void undo() throws IOException {
        leftovers.settled = true;
        UnixCalls.closeQuietly(unix);
        table.unregister(number, redirected);
        putUnderNumber(tcp);
    }

    /** dup2 {@code source} onto the number, keeping the number's epoll registration (Netty's), and closes {@code source}'s own number. */
    private void putUnderNumber(FileDescriptor source) throws IOException {
        EpollSets.Registration registration = EpollSets.find(number);
        UnixCalls.moveOnto(source, number);
        if (registration != null) {
            EpollSets.restore(number, registration);
        }
    }

    /**
     * The agent's descriptors of a pending connect that never settled, closed once its owner is
     * gone. Settling (connected, fallen back, failed or abandoned) is published through a volatile
     * write, so the cleaner never closes a number the connect already gave away.
     */
    private static final class Leftovers implements Runnable {
        static final Cleaner CLEANER = Cleaner.create();
        private final FileDescriptor unix;
        private final FileDescriptor tcp;
        private volatile boolean settled;

        Leftovers(FileDescriptor unix, FileDescriptor tcp) {
            this.unix = unix;
            this.tcp = tcp;
        }

        @Override
        public void run() {
            if (!settled) {
                UnixCalls.closeQuietly(unix);
                UnixCalls.closeQuietly(tcp);
            }
        }
    }
}
