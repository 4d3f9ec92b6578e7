package io.loopshift.agent.connect;

import io.loopshift.agent.config.Route;
import io.loopshift.agent.config.RouteParser;
import io.loopshift.agent.config.UnixPathRule;
import io.loopshift.agent.jdk.NetCalls;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bug inside the agent's handlers is never silent, and never runs the JDK's connect on a socket the agent changed. */
class HandlerFailuresTest {

    @Test
    void theFirstFailureIsLoggedThenCountsAtPowersOfTwo() {
        assertFalse(HandlerFailures.logsCount(1), "the first is logged with its stack trace instead");
        assertTrue(HandlerFailures.logsCount(2));
        assertFalse(HandlerFailures.logsCount(3));
        assertTrue(HandlerFailures.logsCount(4));
        assertFalse(HandlerFailures.logsCount(1000));
        assertTrue(HandlerFailures.logsCount(1024));
    }

    /** A connector with a bug after it bound the socket to a source address, as a source: connector would. */
    private static final class BindsThenBreaks implements RouteConnector {
        @Override
        public int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port, RewriteNote note) throws IOException {
            NetCalls.bind(family, fd, InetAddress.getByName("127.0.0.3"));
            throw new IllegalStateException("a bug after the bind");
        }

        @Override
        public int rotationPosition() {
            return -1;
        }
    }

    @Test
    void aConnectorBugAfterItChangedTheSocketFailsTheConnectNamingTheBug() throws Exception {
        List<Route> parsed = new RouteParser(new UnixPathRule(107)).parse("127.0.0.1:*->source:127.0.1.0/24");
        ActiveRoute route = new ActiveRoute(parsed.get(0), new BindsThenBreaks(), new RouteMetrics());
        HandlerFailures failures = HandlerFailures.LOCAL;
        long before = failures.count();
        ConnectRouter router = new ConnectRouter(new RouteTable(List.of(route)), failures);
        try (SocketChannel channel = SocketChannel.open()) {
            FileDescriptor fd = ConnectTargets.descriptorOf(channel, ConnectModes.CHANNEL);
            IOException failed = assertThrows(IOException.class, () -> router.onConnect(true, fd, InetAddress.getLoopbackAddress(), 9));
            assertTrue(failed.getMessage().contains("bug in route #1 (127.0.0.1:*->source:127.0.1.0/24) after it changed the socket"), failed.getMessage());
            assertTrue(failed.getMessage().contains("a bug after the bind"), failed.getMessage());
            assertSame(IllegalStateException.class, failed.getCause().getClass());
            assertTrue(NetCalls.localPort(fd) != 0, "the socket was really bound before the bug");
        }
        assertEquals(before + 1, failures.count());
        assertEquals(1, route.metrics().failuresByErrno().get("AGENT_BUG"));
    }
}
