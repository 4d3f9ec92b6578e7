package io.loopshift.agent.netty;

import io.loopshift.agent.boot.NettyHooks;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.UnixSocketAnswers;
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

    public NettyConnects(ConnectRouter router, UnixSocketAnswers answers) {
        this.router = router;
        this.answers = answers;
    }

    /** {@code (Object, InetSocketAddress)int}, answering as {@link NettyHooks#onConnect}. */
    public int connect(Object socket, InetSocketAddress remote) throws Throwable {
        FileDescriptor fd = UnixCalls.borrow(NettySockets.number(socket));
        // As Netty's own useIpv6: the socket's family, or an IPv6 destination.
        boolean ipv6 = NetCalls.isIpv6Socket(fd) || remote.getAddress() instanceof Inet6Address;
        int result = router.onNettyConnect(socket, ipv6, fd, remote);
        if (result == 0) {
            return NettyHooks.NOT_HANDLED;
        }
        return result > 0 ? NettyHooks.CONNECTED : NettyHooks.IN_PROGRESS;
    }

    /** {@code (Object)InetSocketAddress} */
    public InetSocketAddress localAddress(Object socket) throws Throwable {
        return answers.localAddressOf(NettySockets.number(socket), socket);
    }

    /** {@code (Object)InetSocketAddress} */
    public InetSocketAddress remoteAddress(Object socket) throws Throwable {
        return answers.remoteAddressOf(NettySockets.number(socket), socket);
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
