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
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * While the route check runs after premain, a connect that a route matches waits for it and is
 * then matched against the routes the check kept; one that no route matches does not wait.
 */
class RouteCheckGateTest {
    private static final RouteParser PARSER = new RouteParser(new UnixPathRule(107));

    private static RouteTable table(String routes) throws Exception {
        List<Route> parsed = PARSER.parse(routes);
        return RouteTableBuilder.build(new AgentSettings(true, LogLevel.WARN, parsed, Fallback.TCP), parsed, new UnixRedirects());
    }

    @Test
    void aRoutedConnectWaitsForTheCheckAndUsesTheRoutesItKept() throws Exception {
        RouteTable unchecked = table("127.0.0.1:3000->dest:127.0.0.0/28;127.0.0.1:*->ignore");
        RouteTable checked = table("127.0.0.1:*->ignore");
        ConnectRouter router = new ConnectRouter(unchecked);
        router.holdRoutedConnectsUntilChecked();
        FileDescriptor fd = NetCalls.streamSocket(NetCalls.unspec());
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertEquals(0, router.onConnect(true, fd, InetAddress.getByName("127.0.0.2"), 9999), "a connect no route matches waited or was taken");
            AtomicInteger result = new AtomicInteger(-1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread connecting = new Thread(() -> {
                try {
                    result.set(router.onConnect(true, fd, loopback, 3000));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            connecting.start();
            while (connecting.getState() != Thread.State.TIMED_WAITING && connecting.isAlive()) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.TIMED_WAITING, connecting.getState(), "the routed connect did not wait for the check");
            router.replace(checked);
            router.routesChecked();
            connecting.join();
            assertNull(failure.get());
            assertEquals(0, result.get(), "the ignore route leaves the connect to the JDK");
            assertEquals(0, unchecked.routes().get(0).metrics().matched(), "the dropped dest: route took the connect");
            assertEquals(1, checked.routes().get(0).metrics().matched(), "the kept route did not see the connect");
            assertEquals(0, router.onConnect(true, fd, loopback, 3000), "after the check connects do not wait");
        } finally {
            UnixCalls.closeQuietly(fd);
        }
    }
}
