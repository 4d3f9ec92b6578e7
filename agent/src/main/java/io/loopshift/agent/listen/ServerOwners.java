package io.loopshift.agent.listen;

import io.loopshift.agent.jdk.JavaBaseAccess;

import java.lang.invoke.MethodHandle;

/**
 * Tells a server bind from a client bind at the bind hooks. The channel hooks sit in
 * ServerSocketChannelImpl and AsynchronousServerSocketChannelImpl, servers only; the one in
 * NioSocketImpl serves {@code Socket.bind} and {@code ServerSocket.bind} alike, and its final
 * field {@code server} tells which (JDK 17.0.19 and 25.0.3).
 */
final class ServerOwners {
    private static final Class<?> SOCKET_IMPL;
    private static final MethodHandle SERVER;

    static {
        try {
            SOCKET_IMPL = Class.forName("sun.nio.ch.NioSocketImpl", false, null);
            SERVER = JavaBaseAccess.privateLookup(SOCKET_IMPL).findGetter(SOCKET_IMPL, "server", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ServerOwners() {
    }

    static void verify() {
    }

    static boolean isServer(Object owner) throws Throwable {
        if (SOCKET_IMPL.isInstance(owner)) {
            return (boolean) SERVER.invoke(owner);
        }
        return owner != null;
    }
}
