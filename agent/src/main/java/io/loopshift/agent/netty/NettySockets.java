package io.loopshift.agent.netty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads the descriptor number and open state of a Netty socket through its public {@code intValue()} and {@code isOpen()} (Netty's
 * {@code io.netty.channel.unix.FileDescriptor}, 4.1 and 4.2), one method handle per socket class:
 * Netty may be loaded several times, relocated or not.
 */
final class NettySockets {
    private static final MethodType INT_VALUE = MethodType.methodType(int.class);
    private static final ClassValue<MethodHandle> NUMBER = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "intValue", INT_VALUE).asType(MethodType.methodType(int.class, Object.class));
            } catch (ReflectiveOperationException notNetty) {
                throw new IllegalStateException(type.getName() + " has no public intValue(): not a Netty socket", notNetty);
            }
        }
    };

    private static final MethodType IS_OPEN = MethodType.methodType(boolean.class);
    private static final ClassValue<MethodHandle> OPEN = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "isOpen", IS_OPEN).asType(MethodType.methodType(boolean.class, Object.class));
            } catch (ReflectiveOperationException notNetty) {
                throw new IllegalStateException(type.getName() + " has no public isOpen(): not a Netty socket", notNetty);
            }
        }
    };

    /** True for the epoll transport's socket class, the only one whose connects are rewritten. */
    private static final ClassValue<Boolean> EPOLL = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getName().endsWith("io.netty.channel.epoll.LinuxSocket");
        }
    };

    /**
     * False for Netty 4.2 and later (its IoHandler API, {@code EpollIoHandler}, is there): a client
     * channel's socket enters the epoll set at the first interest Netty submits, which is after its
     * connect call (EPOLLOUT for a connect in progress, or the ops of an active channel); its initial
     * ops hold no EPOLLIN that a read setting could change before. Netty 4.1 adds it when the channel
     * registers, before the connect.
     */
    private static final ClassValue<Boolean> IN_EPOLL_SET_BEFORE_CONNECT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            String name = type.getName();
            String prefix = name.substring(0, name.indexOf("io.netty.channel."));
            try {
                Class.forName(prefix + "io.netty.channel.epoll.EpollIoHandler", false, type.getClassLoader());
                return false;
            } catch (ClassNotFoundException | LinkageError netty41) {
                return true;
            }
        }
    };

    private NettySockets() {
    }

    static boolean isEpoll(Object socket) {
        return EPOLL.get(socket.getClass());
    }

    /** Whether the socket's Netty may have put it in its event loop's epoll set before connecting it. */
    static boolean inEpollSetBeforeConnect(Object socket) {
        return IN_EPOLL_SET_BEFORE_CONNECT.get(socket.getClass());
    }

    /** Netty's own view: false once its close began, even before the descriptor is closed. */
    static boolean isOpen(Object socket) throws Throwable {
        return (boolean) OPEN.get(socket.getClass()).invokeExact(socket);
    }

    static int number(Object socket) throws Throwable {
        return (int) NUMBER.get(socket.getClass()).invokeExact(socket);
    }
}
