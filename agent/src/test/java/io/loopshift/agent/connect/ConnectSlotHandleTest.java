package io.loopshift.agent.connect;

import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.config.RouteParser;
import io.loopshift.agent.config.UnixPathRule;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;
import io.loopshift.agent.log.LogLevel;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The connect slot's handle is a direct one on a static method, not bound to a router: it
 * reaches the router that handed it out last, which is the running agent's (one at a time).
 */
class ConnectSlotHandleTest {
    private static final RouteParser PARSER = new RouteParser(new UnixPathRule(107));

    private static RouteTable ignoring() throws Exception {
        List<Route> parsed = PARSER.parse("127.0.0.1:*->ignore");
        return RouteTableBuilder.build(new AgentSettings(true, LogLevel.WARN, parsed, Fallback.TCP), parsed, new UnixRedirects());
    }

    @Test
    void theHandleReachesTheRouterThatHandedItOutLast() throws Throwable {
        RouteTable first = ignoring();
        RouteTable second = ignoring();
        MethodHandle fromFirst = new ConnectRouter(first).asHandle();
        FileDescriptor fd = NetCalls.streamSocket(NetCalls.unspec());
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertEquals(0, (int) fromFirst.invokeExact(true, fd, loopback, 3000), "the ignore route leaves the connect to the JDK");
            assertEquals(1, first.routes().get(0).metrics().matched());
            MethodHandle fromSecond = new ConnectRouter(second).asHandle();
            assertEquals(0, (int) fromSecond.invokeExact(true, fd, loopback, 3000));
            assertEquals(0, (int) fromFirst.invokeExact(true, fd, loopback, 3000));
            assertEquals(1, first.routes().get(0).metrics().matched(), "an earlier handle still reached the router it came from");
            assertEquals(2, second.routes().get(0).metrics().matched(), "the running router did not see the connects");
        } finally {
            UnixCalls.closeQuietly(fd);
        }
    }
}
