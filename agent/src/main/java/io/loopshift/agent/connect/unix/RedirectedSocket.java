package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.DescriptorTable;

import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket whose TCP connect was replaced by a Unix-socket connect: the object it belongs to (the
 * JDK's FileDescriptor, or Netty's socket; by identity, never by number alone), the addresses it
 * answers with, and the TCP-only options it remembers for the application: the values the TCP
 * socket had (shared and immutable, often a fresh socket's), and those set since, in a map made
 * on the first set.
 */
final class RedirectedSocket implements DescriptorTable.Entry {
    private final Object owner;
    private final InetSocketAddress localAnswer;
    private final InetSocketAddress remoteAnswer;
    private final Map<SocketOption<?>, Object> beforeConnect;
    private volatile Map<SocketOption<?>, Object> setSince;

    RedirectedSocket(Object owner, InetSocketAddress localAnswer, InetSocketAddress remoteAnswer, Map<SocketOption<?>, Object> tcpOptionsBeforeConnect) {
        this.owner = owner;
        this.localAnswer = localAnswer;
        this.remoteAnswer = remoteAnswer;
        this.beforeConnect = tcpOptionsBeforeConnect;
    }

    @Override
    public boolean belongsTo(Object candidate) {
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
        Map<SocketOption<?>, Object> values = setSince;
        if (values == null) {
            synchronized (this) {
                values = setSince;
                if (values == null) {
                    values = new ConcurrentHashMap<>();
                    setSince = values;
                }
            }
        }
        values.put(option, value);
    }

    /** The remembered value, or null when the option was never seen on this socket. */
    Object remembered(SocketOption<?> option) {
        Map<SocketOption<?>, Object> values = setSince;
        Object value = values == null ? null : values.get(option);
        return value != null ? value : beforeConnect.get(option);
    }
}
