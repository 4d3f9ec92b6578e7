package io.loopshift.agent.connect;

import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.config.RouteParser;
import io.loopshift.agent.config.UnixPathRule;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.log.LogLevel;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When {@code dest:} retries a connect on the original destination, with real sockets on
 * loopback: the decision alone, then the connector on the descriptor of a real channel, as the
 * hook would call it.
 */
class DestConnectorTest {
    private static final InetAddress IPV4_ORIGINAL = InetAddress.getLoopbackAddress();

    @Test
    void onlyARefusalOfTheRotatedAddressIsRetriedOnTheOriginal() throws Exception {
        assertTrue(DestConnector.retriesOnOriginal(new ConnectException("Connection refused"), IPV4_ORIGINAL));
        assertFalse(DestConnector.retriesOnOriginal(new ConnectException("Connection timed out"), IPV4_ORIGINAL),
                "a timeout retried would make the application wait twice");
        assertFalse(DestConnector.retriesOnOriginal(new IOException("Network is unreachable"), IPV4_ORIGINAL));
    }

    @Test
    void aRefusalIsNeverRetriedOnAnIpv6OriginalWithTheSameSocket() throws Exception {
        // Linux keeps the refused socket on its IPv4-mapped path: a retry to ::1 would hang.
        assertFalse(DestConnector.retriesOnOriginal(new ConnectException("Connection refused"), InetAddress.getByName("::1")));
    }

    private static ActiveRoute route(String routes) throws Exception {
        List<Route> parsed = new RouteParser(new UnixPathRule(107)).parse(routes);
        RouteTable table = RouteTableBuilder.build(new AgentSettings(true, LogLevel.OFF, parsed, Fallback.TCP), parsed, new UnixRedirects());
        return table.routes().get(0);
    }

    private static int connect(ActiveRoute route, SocketChannel channel, int port) throws IOException {
        FileDescriptor fd = ConnectTargets.descriptorOf(channel, ConnectModes.CHANNEL);
        return route.connector().connect(StandardProtocolFamily.INET6, fd, IPV4_ORIGINAL, port, null);
    }

    @Test
    void aServerOnTheOriginalOnlyIsReachedByTheRetryAndThePortIsLearned() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, IPV4_ORIGINAL)) {
            server.setSoTimeout(10_000);
            ActiveRoute route = route("127.0.0.1:*->dest:127.0.0.2/32");
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (SocketChannel channel = SocketChannel.open(); Socket accepted = connectAndAccept(route, channel, server)) {
                    assertEquals(IPV4_ORIGINAL, accepted.getLocalAddress(), "attempt " + attempt);
                }
            }
            assertEquals(2, route.metrics().fallbacks.get(), "one retry, then the learned port");
            assertEquals(0, route.metrics().rewritten.get());
        }
    }

    private static Socket connectAndAccept(ActiveRoute route, SocketChannel channel, ServerSocket server) throws IOException {
        assertEquals(1, connect(route, channel, server.getLocalPort()), "a blocking connect connects");
        return server.accept();
    }

    @Test
    void aNonBlockingConnectIsRetriedToo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, IPV4_ORIGINAL); SocketChannel channel = SocketChannel.open()) {
            server.setSoTimeout(10_000);
            channel.configureBlocking(false);
            ActiveRoute route = route("127.0.0.1:*->dest:127.0.0.2/32");
            int result = connect(route, channel, server.getLocalPort());
            assertTrue(result == 1 || result == -2, "connected or in progress: " + result);
            try (Socket accepted = server.accept()) {
                assertEquals(IPV4_ORIGINAL, accepted.getLocalAddress());
            }
            assertEquals(1, route.metrics().fallbacks.get());
        }
    }

    @Test
    void whenTheOriginalRefusesTooTheApplicationGetsTheRefusalAndNothingIsLearned() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, IPV4_ORIGINAL)) {
            closedPort = probe.getLocalPort();
        }
        ActiveRoute route = route("127.0.0.1:*->dest:127.0.0.2/32");
        try (SocketChannel channel = SocketChannel.open()) {
            ConnectException refused = assertThrows(ConnectException.class, () -> connect(route, channel, closedPort));
            assertEquals("ECONNREFUSED", Errno.of(refused));
        }
        assertEquals(0, route.metrics().fallbacks.get());
    }

    @Test
    void aRotatedAddressThatAcceptsIsUsed() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            server.setSoTimeout(10_000);
            ActiveRoute route = route("127.0.0.1:*->dest:127.0.0.2/32");
            try (SocketChannel channel = SocketChannel.open(); Socket accepted = connectAndAccept(route, channel, server)) {
                assertEquals(InetAddress.getByName("127.0.0.2"), accepted.getLocalAddress());
            }
            assertEquals(1, route.metrics().rewritten.get());
            assertEquals(0, route.metrics().fallbacks.get());
        }
    }
}
