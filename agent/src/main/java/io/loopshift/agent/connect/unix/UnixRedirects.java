package io.loopshift.agent.connect.unix;

import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.connect.ConnectTargets;
import io.loopshift.agent.connect.RouteConnector;
import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.connect.UnixRouteConnectors;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import io.loopshift.agent.jdk.EpollSets;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code unix:} routes and {@code loopshift.listen} share across the process: the table of
 * sockets put on Unix sockets, the answers given for them, the marks of options set before a
 * connect, and the pool of replaced TCP sockets. Created once; its hooks are
 * installed only when a unix: route or a listen rule exists.
 */
public final class UnixRedirects implements UnixRouteConnectors {
    /** The redirects the hooks class's socket-creation slot reaches ({@link #createSocketHandle}). */
    private static volatile UnixRedirects hooked;
    private final RedirectTable table = new RedirectTable();
    private final OptionsBeforeConnect optionsBeforeConnect = new OptionsBeforeConnect();
    private final UnixSocketAnswers answers = new UnixSocketAnswers(table, optionsBeforeConnect);
    private final TcpSocketPool pool = new TcpSocketPool();

    private volatile BacklogDeferral backlogDeferral;

    /** Where Netty connects wait for a full Unix backlog from now on (set when Netty's transport is covered). */
    public void deferBacklogsTo(BacklogDeferral deferral) {
        backlogDeferral = deferral;
    }

    /** The answers for redirected sockets, which the Netty hooks ask by descriptor number and socket object. */
    public UnixSocketAnswers answers() {
        return answers;
    }

    @Override
    public RouteConnector connector(String path, Fallback fallback, RouteMetrics metrics, String routeName) {
        // An anonymous class, not a method reference: unix: routes are built in premain, where its bootstrap costs time.
        Supplier<BacklogDeferral> deferral = new Supplier<BacklogDeferral>() {
            @Override
            public BacklogDeferral get() {
                return backlogDeferral;
            }
        };
        return new UnixConnector(path, fallback, metrics, routeName, table, optionsBeforeConnect, pool, jnuCharset(), deferral);
    }

    /** The pool of replaced TCP sockets, whose counters JMX shows. */
    public TcpSocketPool pool() {
        return pool;
    }

    /**
     * In place of {@code Net.socket0} for every socket {@code Net.socket} makes: a client stream
     * socket of the same family comes from the pool when one is kept there, every other one from
     * the JDK's native; either way the new number starts with no option marks.
     */
    public int createSocket(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws IOException {
        int number = stream && !reuse ? pool.take(preferIPv6) : -1;
        if (number < 0) {
            number = NetCalls.socket0(preferIPv6, stream, reuse, fastLoopback);
        }
        optionsBeforeConnect.forget(number);
        return number;
    }

    /**
     * The socket-creation hook, {@code (boolean, boolean, boolean, boolean)int}, reaching this
     * object, which becomes the one the slot reaches: a direct handle, not a bound one, as
     * {@code ConnectRouter.asHandle}.
     */
    public MethodHandle createSocketHandle() throws ReflectiveOperationException {
        hooked = this;
        MethodType type = MethodType.methodType(int.class, boolean.class, boolean.class, boolean.class, boolean.class);
        return MethodHandles.lookup().findStatic(UnixRedirects.class, "createSocketHooked", type);
    }

    private static int createSocketHooked(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws IOException {
        return hooked.createSocket(preferIPv6, stream, reuse, fastLoopback);
    }

    /** Routes replaced: the kept TCP sockets belong to the old ones and are closed. */
    public void routesReplaced() {
        pool.drain();
    }

    /** Rewriting stops (detach): nothing is kept until it starts again. */
    public void stopKeepingSockets() {
        pool.stop();
    }

    public void keepSocketsAgain() {
        pool.resume();
    }

    /**
     * Called when the option hook is installed before the application runs (premain): from then
     * on a redirect reads the TCP socket's options only where the application set one.
     */
    public void optionHookSawEverySocket() {
        optionsBeforeConnect.trust();
    }

    /** Fails at start-up, not on a connect, when a JDK internal the redirect needs is missing. */
    public static void verifyJdkAccess() {
        UnixCalls.verify();
        SelectorReregistration.verify();
        ConnectTargets.verify();
        EpollSets.verify();
    }

    /**
     * Remembers a socket the listening side put on a Unix socket (a listener, or a connection it
     * accepted), so it answers its TCP address and TCP-only options like a connected one.
     */
    public void register(FileDescriptor fd, InetSocketAddress localAnswer, Map<SocketOption<?>, Object> tcpOptions) {
        table.register(UnixCalls.fdVal(fd), new RedirectedSocket(fd, localAnswer, null, tcpOptions));
    }

    /** Puts a channel registered with selectors back into their epoll sets after its socket was replaced. */
    public static void reregister(Object channel) throws Throwable {
        SelectorReregistration.reregister(channel);
    }

    /** The TCP-only option values of a TCP socket about to be replaced (SO_REUSEPORT, TCP_NODELAY, ...). */
    public static Map<SocketOption<?>, Object> tcpOptionsOf(FileDescriptor fd, ProtocolFamily family) {
        return TcpOnlyOptions.readFrom(fd, family);
    }

    public MethodHandle localAddressHandle() throws ReflectiveOperationException {
        return answers.localAddressHandle();
    }

    public MethodHandle setOptionHandle() throws ReflectiveOperationException {
        return answers.setOptionHandle();
    }

    public MethodHandle getOptionHandle() throws ReflectiveOperationException {
        return answers.getOptionHandle();
    }

    /** The charset the JDK encodes socket paths with (sun.jnu.encoding). */
    public static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return Charset.defaultCharset();
        }
    }
}
