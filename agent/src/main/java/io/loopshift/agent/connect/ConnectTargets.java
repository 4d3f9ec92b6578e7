package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.JavaBaseAccess;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketAddress;

/**
 * The FileDescriptor of the object whose connect starts: the {@code fd} a NioSocketImpl inherits
 * from SocketImpl, or a SocketChannelImpl's {@code getFD()} (JDK 17.0.19 and 25.0.3 sources);
 * and whether the application bound it: the {@code localport} a NioSocketImpl's bind sets, or
 * a SocketChannelImpl's {@code localAddress} (both stay unset until bind or connect).
 * What a connect's entry records is keyed to it, so only that socket's own {@code Net.connect}
 * can take it. Initialise only after {@link JavaBaseAccess#open}.
 */
public final class ConnectTargets {
    private static final MethodHandle SOCKET_IMPL_FD;
    private static final MethodHandle CHANNEL_FD;
    private static final MethodHandle SOCKET_IMPL_LOCAL_PORT;
    private static final MethodHandle CHANNEL_LOCAL_ADDRESS;

    static {
        try {
            MethodHandles.Lookup impl = JavaBaseAccess.privateLookup("sun.nio.ch.NioSocketImpl");
            SOCKET_IMPL_FD = impl.findGetter(impl.lookupClass(), "fd", FileDescriptor.class).asType(MethodType.methodType(FileDescriptor.class, Object.class));
            MethodHandles.Lookup channel = JavaBaseAccess.privateLookup("sun.nio.ch.SocketChannelImpl");
            CHANNEL_FD = channel.findVirtual(channel.lookupClass(), "getFD", MethodType.methodType(FileDescriptor.class))
                    .asType(MethodType.methodType(FileDescriptor.class, Object.class));
            SOCKET_IMPL_LOCAL_PORT = impl.findGetter(impl.lookupClass(), "localport", int.class).asType(MethodType.methodType(int.class, Object.class));
            CHANNEL_LOCAL_ADDRESS = channel.findGetter(channel.lookupClass(), "localAddress", SocketAddress.class)
                    .asType(MethodType.methodType(SocketAddress.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ConnectTargets() {
    }

    /** Fails at start-up, not on a connect, when a field or method is missing. */
    public static void verify() {
    }

    /** The descriptor of a socket impl ({@link ConnectModes#SOCKET}) or a channel (the other kinds); null before it has one. */
    static FileDescriptor descriptorOf(Object target, int kind) {
        try {
            return kind == ConnectModes.SOCKET ? (FileDescriptor) SOCKET_IMPL_FD.invokeExact(target) : (FileDescriptor) CHANNEL_FD.invokeExact(target);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the socket impl or channel was bound; read during its connect, under the JDK's own locks. */
    static boolean isBound(Object target, int kind) {
        try {
            return kind == ConnectModes.SOCKET ? (int) SOCKET_IMPL_LOCAL_PORT.invokeExact(target) != 0
                    : (SocketAddress) CHANNEL_LOCAL_ADDRESS.invokeExact(target) != null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
