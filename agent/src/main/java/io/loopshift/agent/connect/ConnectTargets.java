package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.JavaBaseAccess;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The FileDescriptor of the object whose connect starts: the {@code fd} a NioSocketImpl inherits
 * from SocketImpl, or a SocketChannelImpl's {@code getFD()} (JDK 17.0.19 and 25.0.3 sources).
 * What a connect's entry records is keyed to it, so only that socket's own {@code Net.connect}
 * can take it. Initialise only after {@link JavaBaseAccess#open}.
 */
public final class ConnectTargets {
    private static final MethodHandle SOCKET_IMPL_FD;
    private static final MethodHandle CHANNEL_FD;

    static {
        try {
            MethodHandles.Lookup impl = JavaBaseAccess.privateLookup("sun.nio.ch.NioSocketImpl");
            SOCKET_IMPL_FD = impl.findGetter(impl.lookupClass(), "fd", FileDescriptor.class).asType(MethodType.methodType(FileDescriptor.class, Object.class));
            MethodHandles.Lookup channel = JavaBaseAccess.privateLookup("sun.nio.ch.SocketChannelImpl");
            CHANNEL_FD = channel.findVirtual(channel.lookupClass(), "getFD", MethodType.methodType(FileDescriptor.class))
                    .asType(MethodType.methodType(FileDescriptor.class, Object.class));
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
}
