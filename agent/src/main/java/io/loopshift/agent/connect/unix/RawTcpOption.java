package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.NetCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketOption;

/**
 * An IPPROTO_TCP option the JDK has no {@link SocketOption} for (TCP_USER_TIMEOUT, TCP_CORK), so
 * a value Netty set on the TCP socket before the connect can still be read and carried to the
 * Unix socket's memory. Only the agent uses these; the JDK never sees them.
 */
final class RawTcpOption implements SocketOption<Object> {
    private static final int IPPROTO_TCP = 6;

    private final String name;
    private final Class<?> type;
    private final int number;

    RawTcpOption(String name, Class<?> type, int number) {
        this.name = name;
        this.type = type;
        this.number = number;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Object> type() {
        return (Class<Object>) type;
    }

    Object read(FileDescriptor fd) throws IOException {
        int value = NetCalls.getIntOption(fd, IPPROTO_TCP, number);
        return type == Boolean.class ? (Object) (value != 0) : (Object) value;
    }

    @Override
    public String toString() {
        return name;
    }
}
