package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.SocketOption;

/**
 * Answers for sockets redirected to Unix sockets, where the JDK's own code would ask the kernel
 * something only a TCP socket can answer: the local address ({@code getsockname} of an AF_UNIX
 * socket, which the JDK would misread as an IPv4 address) and TCP-only options. Every other
 * socket gets null/false ("not handled") after one table lookup.
 */
public final class UnixSocketAnswers {
    /** The answers the hooks class's slots reach ({@link #handle}). */
    private static volatile UnixSocketAnswers hooked;
    private final RedirectTable table;
    private final OptionsBeforeConnect optionsBeforeConnect;

    UnixSocketAnswers(RedirectTable table, OptionsBeforeConnect optionsBeforeConnect) {
        this.table = table;
        this.optionsBeforeConnect = optionsBeforeConnect;
    }

    /** {@code (FileDescriptor)InetSocketAddress} */
    public InetSocketAddress localAddress(FileDescriptor fd) {
        RedirectedSocket socket = table.find(fd);
        return socket == null ? null : socket.localAnswer();
    }

    /**
     * {@code (FileDescriptor, SocketOption, Object)boolean}: true when a TCP-only option was
     * remembered; on any other socket, notes which option is no longer a fresh socket's, for
     * the redirect that may follow.
     */
    public boolean setOption(FileDescriptor fd, SocketOption<?> option, Object value) {
        RedirectedSocket socket = table.find(fd);
        if (socket == null) {
            optionsBeforeConnect.markSet(UnixCalls.fdVal(fd), option);
            return false;
        }
        if (!TcpOnlyOptions.isTcpOnly(option)) {
            return false;
        }
        TcpOnlyOptions.validate(option, value);
        socket.remember(option, value);
        return true;
    }

    /**
     * {@code (FileDescriptor, SocketOption)Object}: for a TCP-only option, the value set on this
     * socket, else a fresh TCP socket's default; null (the JDK asks the Unix socket) otherwise.
     */
    public Object getOption(FileDescriptor fd, SocketOption<?> option) {
        RedirectedSocket socket = table.find(fd);
        if (socket == null || !TcpOnlyOptions.isTcpOnly(option)) {
            return null;
        }
        Object value = socket.remembered(option);
        return value != null ? value : TcpOnlyOptions.defaultValue(option);
    }

    /** The local address a Netty socket moved to a Unix socket answers, or null for every other Netty socket. */
    public InetSocketAddress localAddressOf(int number, Object nettySocket) {
        RedirectedSocket socket = table.find(number, nettySocket);
        return socket == null ? null : socket.localAnswer();
    }

    /** The original TCP destination of a Netty socket moved to a Unix socket, or null for every other Netty socket. */
    public InetSocketAddress remoteAddressOf(int number, Object nettySocket) {
        RedirectedSocket socket = table.find(number, nettySocket);
        return socket == null ? null : socket.remoteAnswer();
    }

    /**
     * For a Netty socket moved to a Unix socket, remembers a TCP option given by name (a boolean
     * as 0 or 1) and returns true; false for every other socket, whose own setter runs.
     */
    public boolean setNettyOption(int number, Object nettySocket, String name, int value) {
        RedirectedSocket socket = table.find(number, nettySocket);
        SocketOption<?> option = socket == null ? null : TcpOnlyOptions.named(name);
        if (option == null) {
            return false;
        }
        Object typed = option.type() == Boolean.class ? (Object) (value != 0) : (Object) value;
        TcpOnlyOptions.validate(option, typed);
        socket.remember(option, typed);
        return true;
    }

    /** The value of a TCP option of a Netty socket moved to a Unix socket (a boolean as 0 or 1), or null for every other socket. */
    public Integer nettyOption(int number, Object nettySocket, String name) {
        RedirectedSocket socket = table.find(number, nettySocket);
        SocketOption<?> option = socket == null ? null : TcpOnlyOptions.named(name);
        if (option == null) {
            return null;
        }
        Object value = socket.remembered(option);
        if (value == null) {
            value = TcpOnlyOptions.defaultValue(option);
        }
        return value instanceof Boolean ? (Integer) (((Boolean) value) ? 1 : 0) : (Integer) value;
    }

    MethodHandle localAddressHandle() throws ReflectiveOperationException {
        return handle("localAddress", MethodType.methodType(InetSocketAddress.class, FileDescriptor.class));
    }

    MethodHandle setOptionHandle() throws ReflectiveOperationException {
        return handle("setOption", MethodType.methodType(boolean.class, FileDescriptor.class, SocketOption.class, Object.class));
    }

    MethodHandle getOptionHandle() throws ReflectiveOperationException {
        return handle("getOption", MethodType.methodType(Object.class, FileDescriptor.class, SocketOption.class));
    }

    /**
     * A direct handle on the static twin of an answer, which reaches this object: it becomes the
     * one the hooks class's slots reach. Not bound to this object: each bound handle made the JVM
     * generate about three lambda forms inside premain. One runtime, so one such object, at a time.
     */
    private MethodHandle handle(String name, MethodType type) throws ReflectiveOperationException {
        hooked = this;
        return MethodHandles.lookup().findStatic(UnixSocketAnswers.class, name + "Hooked", type);
    }

    private static InetSocketAddress localAddressHooked(FileDescriptor fd) {
        return hooked.localAddress(fd);
    }

    private static boolean setOptionHooked(FileDescriptor fd, SocketOption<?> option, Object value) {
        return hooked.setOption(fd, option, value);
    }

    private static Object getOptionHooked(FileDescriptor fd, SocketOption<?> option) {
        return hooked.getOption(fd, option);
    }
}
