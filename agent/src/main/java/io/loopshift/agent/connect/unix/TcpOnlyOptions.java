package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.NetCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which socket options a Unix socket has and which only TCP/IP has. SOL_SOCKET options
 * (SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_LINGER, SO_REUSEADDR) work on an AF_UNIX socket and
 * are applied for real; every other option (TCP_NODELAY, IP_TOS, SO_REUSEPORT, TCP_KEEPIDLE and
 * the other jdk.net options) fails there with "Operation not supported" (Linux 6.x, JDK 17 and
 * 25), so it is remembered instead, as drivers such as PgJDBC set TCP_NODELAY unconditionally.
 */
final class TcpOnlyOptions {
    private static final Set<SocketOption<?>> UNIX_HAS = Set.of(
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR);

    /** TCP options the JDK has no SocketOption for, which Netty's epoll transport sets (Linux numbers). */
    static final RawTcpOption TCP_USER_TIMEOUT = new RawTcpOption("TCP_USER_TIMEOUT", Integer.class, 18);
    static final RawTcpOption TCP_CORK = new RawTcpOption("TCP_CORK", Boolean.class, 3);

    /** The TCP-only options whose values are read from the TCP socket before it is replaced. */
    static final List<SocketOption<?>> CARRIED = carried();

    private TcpOnlyOptions() {
    }

    static boolean isTcpOnly(SocketOption<?> option) {
        return !UNIX_HAS.contains(option);
    }

    private static List<SocketOption<?>> carried() {
        List<SocketOption<?>> options = new ArrayList<>();
        options.add(StandardSocketOptions.TCP_NODELAY);
        options.add(StandardSocketOptions.IP_TOS);
        options.add(StandardSocketOptions.SO_REUSEPORT);
        for (String name : new String[] {"TCP_KEEPIDLE", "TCP_KEEPINTERVAL", "TCP_KEEPCOUNT", "TCP_QUICKACK"}) {
            SocketOption<?> extended = JdkNetOptions.named(name);
            if (extended != null) {
                options.add(extended);
            }
        }
        options.add(TCP_USER_TIMEOUT);
        options.add(TCP_CORK);
        return List.copyOf(options);
    }

    /** The carried option with this name ({@code TCP_NODELAY}, {@code TCP_KEEPIDLE}, ...), or null. */
    static SocketOption<?> named(String name) {
        for (SocketOption<?> option : CARRIED) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        return null;
    }

    /**
     * What a fresh Linux TCP socket answers for an option nobody set: TCP_KEEPIDLE 7200 s,
     * TCP_KEEPINTERVAL 75 s, TCP_KEEPCOUNT 9, TCP_QUICKACK on, everything else off or 0.
     */
    static Object defaultValue(SocketOption<?> option) {
        switch (option.name()) {
            case "TCP_KEEPIDLE": return 7200;
            case "TCP_KEEPINTERVAL": return 75;
            case "TCP_KEEPCOUNT": return 9;
            case "TCP_QUICKACK": return Boolean.TRUE;
            default: return option.type() == Boolean.class ? Boolean.FALSE : option.type() == Integer.class ? (Object) 0 : null;
        }
    }

    /** The TCP-only options' values on a TCP socket about to be replaced, read as the JDK reads them. */
    static Map<SocketOption<?>, Object> readFrom(FileDescriptor fd, ProtocolFamily family) {
        Map<SocketOption<?>, Object> values = new HashMap<>();
        for (SocketOption<?> option : CARRIED) {
            // As the JDK reads them: IP_TOS with the socket's family, everything else with UNSPEC.
            ProtocolFamily asked = option == StandardSocketOptions.IP_TOS ? family : NetCalls.unspec();
            try {
                values.put(option, option instanceof RawTcpOption raw ? raw.read(fd) : NetCalls.getSocketOption(fd, asked, option));
            } catch (IOException | RuntimeException | AssertionError notOnThisSocket) {
                // The JDK would not offer it on this socket either ("Option not found" is an AssertionError).
            }
        }
        return values;
    }

    /** Rejects what the JDK itself would reject for a TCP socket, so the redirect changes no error. */
    static void validate(SocketOption<?> option, Object value) {
        if (value == null || !option.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
        if (option == StandardSocketOptions.IP_TOS) {
            int tos = (Integer) value;
            if (tos < 0 || tos > 255) {
                throw new IllegalArgumentException("Invalid IP_TOS value");
            }
        }
    }
}
