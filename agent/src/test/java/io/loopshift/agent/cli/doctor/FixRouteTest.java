package io.loopshift.agent.cli.doctor;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.config.RouteParser;
import io.loopshift.agent.config.UnixPathRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The suggested routes must be ones the agent accepts: they are parsed here with the agent's own parser. */
class FixRouteTest {
    private static final EphemeralRange RANGE = new EphemeralRange(40000, 40999);
    private final RouteParser parser = new RouteParser(UnixPathRule.forThisPlatform());

    private static DestinationKey key(String source, String destination, boolean ipv6, int port) {
        return new DestinationKey(new IpAddress(source, ipv6, true), new IpAddress(destination, ipv6, true), port);
    }

    @Test
    void anIpv4DestinationGetsASourcePool() throws ConfigException {
        FixRoute fix = FixRoute.forDestination(key("127.0.0.1", "127.0.0.1", false, 3000), RANGE);
        assertEquals("127.0.0.1:3000->source:127.0.1.0/24", fix.route());
        assertEquals("binds each connection to the next of 254 source addresses: 254 x 1000 = 254000 ports", fix.explanation());
        Route route = single(fix.route());
        Action.Source source = assertInstanceOf(Action.Source.class, route.action());
        assertEquals(254, source.pool().size());
        assertEquals("127.0.0.1:3000", route.match());
    }

    @Test
    void anotherLoopbackAddressIsMatchedExactly() throws ConfigException {
        FixRoute fix = FixRoute.forDestination(key("127.0.0.1", "127.0.0.5", false, 8080), RANGE);
        assertEquals("127.0.0.5:8080->source:127.0.1.0/24", fix.route());
        assertEquals("127.0.0.5:8080", single(fix.route()).match());
    }

    @Test
    void ipv6LoopbackGetsAUnixRouteOnly() throws ConfigException {
        // No IPv4 pool may stand in for ::1: a server there is a different socket.
        FixRoute fix = FixRoute.forDestination(key("::1", "::1", true, 3002), RANGE);
        assertEquals("[::1]:3002->unix:/path/to/server.sock", fix.route());
        assertInstanceOf(Action.Unix.class, single(fix.route()).action());
        assertEquals(false, fix.hasAlternative());
    }

    @Test
    void theUnixAlternativeParsesToo() throws ConfigException {
        FixRoute fix = FixRoute.forDestination(key("127.0.0.1", "127.0.0.1", false, 5432), RANGE);
        assertEquals("127.0.0.1:5432->unix:/path/to/server.sock", fix.unixRoute());
        assertInstanceOf(Action.Unix.class, single(fix.unixRoute()).action());
        assertInstanceOf(Action.Unix.class, single(FixRoute.forDestination(key("::1", "::1", true, 5432), RANGE).unixRoute()).action());
    }

    @Test
    void thePropertyIsQuotedForAShell() {
        assertEquals("-Dloopshift.routes=\"127.0.0.1:3000->source:127.0.1.0/24\"", FixRoute.property("127.0.0.1:3000->source:127.0.1.0/24"));
    }

    private Route single(String text) throws ConfigException {
        List<Route> routes = parser.parse(text);
        assertEquals(1, routes.size());
        return routes.get(0);
    }
}
