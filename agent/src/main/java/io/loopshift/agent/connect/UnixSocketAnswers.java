package io.loopshift.agent.connect;

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
    private final RedirectTable table;

    UnixSocketAnswers(RedirectTable table) {
        this.table = table;
    }

    /** {@code (FileDescriptor)InetSocketAddress} */
    public InetSocketAddress localAddress(FileDescriptor fd) {
        RedirectedSocket socket = table.find(fd);
        return socket == null ? null : socket.localAnswer();
    }

    /** {@code (FileDescriptor, SocketOption, Object)boolean}: true when a TCP-only option was remembered. */
    public boolean setOption(FileDescriptor fd, SocketOption<?> option, Object value) {
        RedirectedSocket socket = table.find(fd);
        if (socket == null || !TcpOnlyOptions.isTcpOnly(option)) {
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

    MethodHandle localAddressHandle() throws ReflectiveOperationException {
        return handle("localAddress", MethodType.methodType(InetSocketAddress.class, FileDescriptor.class));
    }

    MethodHandle setOptionHandle() throws ReflectiveOperationException {
        return handle("setOption", MethodType.methodType(boolean.class, FileDescriptor.class, SocketOption.class, Object.class));
    }

    MethodHandle getOptionHandle() throws ReflectiveOperationException {
        return handle("getOption", MethodType.methodType(Object.class, FileDescriptor.class, SocketOption.class));
    }

    private MethodHandle handle(String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(UnixSocketAnswers.class, name, type).bindTo(this);
    }
}
