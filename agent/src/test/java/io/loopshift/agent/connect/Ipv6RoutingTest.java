package io.loopshift.agent.connect;

import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.config.RouteParser;
import io.loopshift.agent.config.UnixPathRule;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.log.LogLevel;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ::1 destination goes only to a route that can serve it: IPv4 pools cannot. */
class Ipv6RoutingTest {
    private static final RouteParser PARSER = new RouteParser(new UnixPathRule(107));

    private static RouteTable table(String routes) throws ConfigException {
        List<Route> parsed = PARSER.parse(routes);
        return RouteTableBuilder.build(new AgentSettings(true, LogLevel.WARN, parsed, Fallback.TCP), parsed, new UnixRedirects());
    }

    private static int matchIndex(RouteTable table, String address, int port) throws Exception {
        ActiveRoute route = table.match(InetAddress.getByName(address), port);
        return route == null ? 0 : route.route().index();
    }

    @Test
    void localhostDestLeavesIpv6ToLaterRoutes() throws Exception {
        RouteTable table = table("localhost:*->dest:127.0.0.0/28;[::1]:8080->unix:/run/app.sock");
        assertEquals(1, matchIndex(table, "127.0.0.1", 8080));
        assertEquals(2, matchIndex(table, "::1", 8080));
        assertEquals(0, matchIndex(table, "::1", 8081), "no later route: the JDK connects to ::1 as asked");
    }

    @Test
    void localhostSourceLeavesIpv6ToLaterRoutesAsBefore() throws Exception {
        assertNull(table("localhost:*->source:127.0.1.0/24").match(InetAddress.getByName("::1"), 80));
    }

    @Test
    void unixServesIpv6() throws Exception {
        assertEquals(1, matchIndex(table("localhost:*->unix:/run/app.sock"), "::1", 80));
    }

    @Test
    void destOnAnIpv6MatchIsAConfigurationError() {
        ConfigException error = assertThrows(ConfigException.class, () -> PARSER.parse("[::1]:8080->dest:127.0.2.0/24"));
        assertTrue(error.getMessage().contains("dest: needs an IPv4 match"), error.getMessage());
    }
}
