package io.loopshift.agent.connect;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.jdk.NetCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's side of the connect hook: finds the route for a loopback connect and lets its
 * connector carry it out. Connects that match no route, datagram sockets, and sockets the
 * application bound itself return 0 ("not handled") and the JDK connects as usual.
 */
public final class ConnectRouter {
    /** Names of the transports for the JFR event: the JDK's socket classes, Netty's native epoll transport. */
    public static final String JDK = "jdk";
    public static final String NETTY_EPOLL = "netty-epoll";

    /** The longest a routed connect waits for the start-up route check, which binds a few addresses. */
    private static final long CHECK_WAIT_LIMIT_SECONDS = 10;
    /** The router the hooks class's connect slots reach ({@link #asHandle}). */
    private static volatile ConnectRouter hooked;

    private volatile RouteTable table;
    /** Set from premain until the route check that runs after it is done; null ever after. */
    private volatile CountDownLatch routeCheck;
    private final HandlerFailures failures;

    public ConnectRouter(RouteTable table) {
        this(table, HandlerFailures.LOCAL);
    }

    public ConnectRouter(RouteTable table, HandlerFailures failures) {
        this.table = table;
        this.failures = failures;
    }

    public HandlerFailures failures() {
        return failures;
    }

    public RouteTable table() {
        return table;
    }

    /** Replaces all routes at once; connects already in a connector finish under the old ones. */
    public void replace(RouteTable newTable) {
        table = newTable;
    }

    /**
     * From now until {@link #routesChecked()}, a connect that a route matches waits, then is
     * matched again: the check running after premain may drop a route whose pool addresses do
     * not exist, and a connect rewritten with it would fail where plain TCP works. Connects no
     * route matches never wait (the check only drops routes).
     */
    public void holdRoutedConnectsUntilChecked() {
        routeCheck = new CountDownLatch(1);
    }

    public void routesChecked() {
        CountDownLatch check = routeCheck;
        routeCheck = null;
        if (check != null) {
            check.countDown();
        }
    }

    /**
     * The hook as a method handle of type {@code (boolean, FileDescriptor, InetAddress, int)int},
     * which reaches this router: it becomes the one the hooks class's slots reach. A direct handle
     * on a static method rather than one bound to this router: each bound handle made the JVM
     * generate about three lambda forms inside premain. One runtime, so one such router, at a time.
     */
    public MethodHandle asHandle() throws ReflectiveOperationException {
        hooked = this;
        MethodType type = MethodType.methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class);
        return MethodHandles.lookup().findStatic(ConnectRouter.class, "onConnectHooked", type);
    }

    /** The connect-starting hook as a method handle of type {@code (Object, SocketAddress, long, int)void}; as {@link #asHandle}. */
    public MethodHandle connectStartingHandle() throws ReflectiveOperationException {
        hooked = this;
        MethodType type = MethodType.methodType(void.class, Object.class, SocketAddress.class, long.class, int.class);
        return MethodHandles.lookup().findStatic(ConnectRouter.class, "onConnectStartingHooked", type);
    }

    private static int onConnectHooked(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws IOException {
        return hooked.onConnect(preferIPv6, fd, remote, port);
    }

    private static void onConnectStartingHooked(Object target, SocketAddress remote, long timeoutNanos, int kind) {
        hooked.onConnectStarting(target, remote, timeoutNanos, kind);
    }

    /**
     * Entry of a Socket or channel connect, before {@code Net.connect}: for a destination of a
     * {@code unix:} route, remembers for the connector what the caller knows: the application's
     * timeout, the channel (for its selection keys), and the blocking mode the JDK is about to give
     * the descriptor. The kinds are those of the hooks class (0 Socket, 1 channel, 2 adaptor).
     */
    public void onConnectStarting(Object target, SocketAddress remote, long timeoutNanos, int kind) {
        if (!(remote instanceof InetSocketAddress)) {
            return;
        }
        InetSocketAddress destination = (InetSocketAddress) remote;
        InetAddress address = destination.getAddress();
        if (address == null || !address.isLoopbackAddress()) {
            return;
        }
        ActiveRoute route = table.match(address, destination.getPort());
        if (route != null && route.route().action() instanceof Action.Unix) {
            FileDescriptor fd = ConnectTargets.descriptorOf(target, kind);
            if (fd != null) {
                ConnectContext.record(fd, target, kind, kind == ConnectModes.CHANNEL ? target : null, destination, timeoutNanos,
                        ConnectModes.nonBlocking(target, timeoutNanos, kind));
            }
        }
    }

    /**
     * Called in place of the native connect for loopback destinations; {@code preferIPv6} is what
     * the JDK computed from the channel's protocol family (true for a dual-stack socket).
     */
    public int onConnect(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws IOException {
        return connect(preferIPv6, fd, remote, port, JDK);
    }

    /**
     * Called for a loopback connect of a Netty epoll socket, {@code fd} holding its descriptor
     * number; answers as {@link #onConnect}. Netty's connect is always non-blocking and Netty
     * times it itself. {@code inEpollSet}: the socket may already be in its event loop's epoll set,
     * which a {@code unix:} redirect must then carry over (a search of /proc, skipped otherwise).
     */
    public int onNettyConnect(Object nettySocket, boolean inEpollSet, boolean preferIPv6, FileDescriptor fd, InetSocketAddress remote) throws IOException {
        ActiveRoute route = table.match(remote.getAddress(), remote.getPort());
        if (route != null && route.route().action() instanceof Action.Unix) {
            ConnectContext.recordNetty(nettySocket, inEpollSet, fd, remote);
        }
        return connect(preferIPv6, fd, remote.getAddress(), remote.getPort(), NETTY_EPOLL);
    }

    private ActiveRoute afterRouteCheck(CountDownLatch check, InetAddress remote, int port) {
        // Bounded: past the limit the connect goes on under the routes as configured.
        BoundedWait.await(check, CHECK_WAIT_LIMIT_SECONDS);
        return table.match(remote, port);
    }

    private int connect(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port, String transport) throws IOException {
        if (!preferIPv6 && remote instanceof Inet6Address) {
            // An IPv4-only socket (java.net.preferIPv4Stack) cannot reach ::1: the JDK must refuse it, not a route take it.
            return 0;
        }
        ActiveRoute route = table.match(remote, port);
        if (route == null) {
            return 0;
        }
        CountDownLatch check = routeCheck;
        if (check != null) {
            route = afterRouteCheck(check, remote, port);
            if (route == null) {
                return 0;
            }
        }
        // At most one getsockname: the JDK binds every datagram socket before it connects one
        // (DatagramChannelImpl.connect, JDK 17 and 25), so an unbound socket here is a stream, and
        // the socket type is asked only of bound ones. A Socket or SocketChannel whose connect a
        // unix: route recorded tells from its own fields, without the kernel.
        boolean bound = !ConnectContext.knownUnbound(fd) && NetCalls.localPort(fd) != 0;
        if (bound && !NetCalls.isStream(fd)) {
            return 0;
        }
        RouteMetrics metrics = route.metrics();
        metrics.matched.incrementAndGet();
        if (route.leavesUntouched()) {
            return 0;
        }
        ProtocolFamily family = preferIPv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        if (bound) {
            metrics.untouchedBound.incrementAndGet();
            return 0;
        }
        Object event = ConnectEvents.begin();
        RewriteNote note = event == null ? null : RewriteNote.current();
        String outcome = "failed";
        try {
            if (note != null) {
                note.clear();
            }
            int result = route.connector().connect(family, fd, remote, port, note);
            outcome = result > 0 ? "connected" : "in progress";
            return result;
        } catch (IOException failure) {
            String errno = Errno.of(failure);
            metrics.failed(errno);
            outcome = "failed: " + errno;
            throw failure;
        } catch (RuntimeException | Error bug) {
            // The connector may have bound, rotated or dup2'd the socket: the JDK's native connect must not run on it.
            metrics.failed("AGENT_BUG");
            outcome = "failed: agent bug";
            throw failures.connectFailed(route.name(), bug);
        } finally {
            if (event != null) {
                ConnectEvents.commit(event, transport, route.name(), route.route().action().kind(),
                        remote.getHostAddress() + ":" + port, note.describe(), outcome);
            }
        }
    }
}
