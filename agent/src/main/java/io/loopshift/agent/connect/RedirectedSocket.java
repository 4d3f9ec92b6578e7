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
 * TCP-only options it remembers for the application.
 */
final class RedirectedSocket implements DescriptorTable.Entry {
    private final FileDescriptor fd;
    private final InetSocketAddress localAnswer;
    private final Map<SocketOption<?>, Object> tcpOptions;

    RedirectedSocket(FileDescriptor fd, InetSocketAddress localAnswer, Map<SocketOption<?>, Object> tcpOptionsBeforeConnect) {
        this.fd = fd;
        this.localAnswer = localAnswer;
        this.tcpOptions = new ConcurrentHashMap<>(tcpOptionsBeforeConnect);
    }

    @Override
    public boolean belongsTo(FileDescriptor candidate) {
        return fd == candidate;
    }

    InetSocketAddress localAnswer() {
        return localAnswer;
    }

    void remember(SocketOption<?> option, Object value) {
        tcpOptions.put(option, value);
    }

    /** The remembered value, or null when the option was never seen on this socket. */
    Object remembered(SocketOption<?> option) {
        return tcpOptions.get(option);
    }
}
