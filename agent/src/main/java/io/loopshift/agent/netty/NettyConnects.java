package io.loopshift.agent.netty;

import io.loopshift.agent.boot.NettyHooks;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.unix.UnixSocketAnswers;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The agent's side of {@link NettyHooks}: a Netty epoll socket's loopback connect goes through
 * the router like a JDK one, on a FileDescriptor that borrows the socket's number, so
 * {@code source:}, {@code dest:} and {@code unix:} work exactly as on the JDK path; and a socket
 * moved to a Unix socket answers its addresses. The router's results map to Netty's: connected,
 * or in progress (Netty then waits for EPOLLOUT and calls finishConnect, as after its own connect).
 */
public final class NettyConnects {
    private final ConnectRouter router;
    private final UnixSocketAnswers answers;
    private final UncoveredTransports uncovered;
    private final NettyBacklogRetries backlogRetries;

    NettyConnects(ConnectRouter router, UnixSocketAnswers answers, NettyBacklogRetries backlogRetries) {
        this.router = router;
        this.answers = answers;
        this.backlogRetries = backlogRetries;
        this.uncovered = new UncoveredTransports(router);
    }

    /** {@code (Object, InetSocketAddress)void}: a connect of io_uring, which the agent does not rewrite. */
    public void uncovered(Object channel, InetSocketAddress remote) {
        uncovered.warnIfRouted(channel, remote);
    }

    MethodHandle uncoveredHandle() throws ReflectiveOperationException {
        return handle("uncovered", MethodType.methodType(void.class, Object.class, InetSocketAddress.class));
    }

    /** {@code (Object, InetSocketAddress)int}, answering as {@link NettyHooks#onConnect}. */
    public int connect(Object socket, InetSocketAddress remote) throws Throwable {
        if (!NettySockets.isEpoll(socket)) {
            // kqueue's BsdSocket shares this connect; only the epoll transport was checked.
            uncovered.warnIfRouted(socket, remote);
            return NettyHooks.NOT_HANDLED;
        }
        FileDescriptor fd = UnixCalls.borrow(NettySockets.number(socket));
        // As Netty's own useIpv6: the socket's family, or an IPv6 destination.
        boolean ipv6 = NetCalls.isIpv6Socket(fd) || remote.getAddress() instanceof Inet6Address;
        int result = router.onNettyConnect(socket, NettySockets.inEpollSetBeforeConnect(socket), ipv6, fd, remote);
        if (result == 0) {
            return NettyHooks.NOT_HANDLED;
        }
        return result > 0 ? NettyHooks.CONNECTED : NettyHooks.IN_PROGRESS;
    }

    /** {@code (Object)IOException}: how a connect finished by a backlog retry failed, once, or null. */
    public IOException finishConnect(Object socket) throws Throwable {
        if (!NettySockets.isEpoll(socket)) {
            return null;
        }
        return backlogRetries.failureOf(NettySockets.number(socket), socket);
    }

    MethodHandle finishConnectHandle() throws ReflectiveOperationException {
        return handle("finishConnect", MethodType.methodType(IOException.class, Object.class));
    }

    /** {@code (Object)InetSocketAddress} */
    public InetSocketAddress localAddress(Object socket) throws Throwable {
        // Only epoll sockets are ever redirected; io_uring's socket class shares these methods but hides its own.
        if (!NettySockets.isEpoll(socket)) {
            return null;
        }
        return answers.localAddressOf(NettySockets.number(socket), socket);
    }

    /** {@code (Object)InetSocketAddress} */
    public InetSocketAddress remoteAddress(Object socket) throws Throwable {
        if (!NettySockets.isEpoll(socket)) {
            return null;
        }
        return answers.remoteAddressOf(NettySockets.number(socket), socket);
    }

    /** {@code (Object, String, int)boolean} */
    public boolean setOption(Object socket, String option, int value) throws Throwable {
        if (!NettySockets.isEpoll(socket)) {
            return false;
        }
        return answers.setNettyOption(NettySockets.number(socket), socket, option, value);
    }

    /** {@code (Object, String)long} */
    public long getOption(Object socket, String option) throws Throwable {
        if (!NettySockets.isEpoll(socket)) {
            return NettyHooks.NOT_ANSWERED;
        }
        Integer value = answers.nettyOption(NettySockets.number(socket), socket, option);
        return value == null ? NettyHooks.NOT_ANSWERED : value;
    }

    MethodHandle setOptionHandle() throws ReflectiveOperationException {
        return handle("setOption", MethodType.methodType(boolean.class, Object.class, String.class, int.class));
    }

    MethodHandle getOptionHandle() throws ReflectiveOperationException {
        return handle("getOption", MethodType.methodType(long.class, Object.class, String.class));
    }

    MethodHandle connectHandle() throws ReflectiveOperationException {
        return handle("connect", MethodType.methodType(int.class, Object.class, InetSocketAddress.class));
    }

    MethodHandle localAddressHandle() throws ReflectiveOperationException {
        return handle("localAddress", MethodType.methodType(InetSocketAddress.class, Object.class));
    }

    MethodHandle remoteAddressHandle() throws ReflectiveOperationException {
        return handle("remoteAddress", MethodType.methodType(InetSocketAddress.class, Object.class));
    }

    private MethodHandle handle(String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(NettyConnects.class, name, type).bindTo(this);
    }
}
