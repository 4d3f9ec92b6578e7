package io.loopshift.agent.connect;

import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket whose TCP connect was replaced by a Unix-socket connect: the object it belongs to (the
 * JDK's FileDescriptor, or Netty's socket; by identity, never by number alone), the addresses it
 * answers with, and the TCP-only options it remembers for the application.
 */
final class RedirectedSocket {
    private final Object owner;
    private final InetSocketAddress localAnswer;
    private final InetSocketAddress remoteAnswer;
    private final Map<SocketOption<?>, Object> tcpOptions;

    RedirectedSocket(Object owner, InetSocketAddress localAnswer, InetSocketAddress remoteAnswer, Map<SocketOption<?>, Object> tcpOptionsBeforeConnect) {
        this.owner = owner;
        this.localAnswer = localAnswer;
        this.remoteAnswer = remoteAnswer;
        this.tcpOptions = new ConcurrentHashMap<>(tcpOptionsBeforeConnect);
    }

    boolean belongsTo(Object candidate) {
        return owner == candidate;
    }

    InetSocketAddress localAnswer() {
        return localAnswer;
    }

    /** The original TCP destination: the JDK records its own, Netty asks the kernel (getpeername), which would give the Unix path. */
    InetSocketAddress remoteAnswer() {
        return remoteAnswer;
    }

    void remember(SocketOption<?> option, Object value) {
        tcpOptions.put(option, value);
    }

    /** The remembered value, or null when the option was never seen on this socket. */
    Object remembered(SocketOption<?> option) {
        return tcpOptions.get(option);
    }
}
