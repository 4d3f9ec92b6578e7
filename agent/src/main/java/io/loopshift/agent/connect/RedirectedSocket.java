package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.DescriptorTable;

import java.io.FileDescriptor;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket whose TCP connect was replaced by a Unix-socket connect: the JDK object it belongs
 * to (by its FileDescriptor, never by number alone), the local address it answers with, and the
 * TCP-only options it remembers for the application: the values the TCP socket had (shared and
 * immutable, often a fresh socket's), and those set since, in a map made on the first set.
 */
final class RedirectedSocket implements DescriptorTable.Entry {
    private final FileDescriptor fd;
    private final InetSocketAddress localAnswer;
    private final Map<SocketOption<?>, Object> beforeConnect;
    private volatile Map<SocketOption<?>, Object> setSince;

    RedirectedSocket(FileDescriptor fd, InetSocketAddress localAnswer, Map<SocketOption<?>, Object> tcpOptionsBeforeConnect) {
        this.fd = fd;
        this.localAnswer = localAnswer;
        this.beforeConnect = tcpOptionsBeforeConnect;
    }

    @Override
    public boolean belongsTo(FileDescriptor candidate) {
        return fd == candidate;
    }

    InetSocketAddress localAnswer() {
        return localAnswer;
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
