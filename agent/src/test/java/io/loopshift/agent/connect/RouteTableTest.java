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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private static RouteTable table(String routes) throws ConfigException {
        List<Route> parsed = new RouteParser(new UnixPathRule(107)).parse(routes);
        return RouteTableBuilder.build(new AgentSettings(true, LogLevel.WARN, parsed, Fallback.TCP), parsed, new UnixRedirects());
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** The 1-based index of the matching route, or 0 when none matches. */
    private static int matchIndex(RouteTable table, String address, int port) throws Exception {
        ActiveRoute route = table.match(ip(address), port);
        return route == null ? 0 : route.route().index();
    }

    /** RouteTable compares IPv4 addresses by hashCode(): it must be the address, big-endian, as an int. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.0", "127.255.255.255", "127.0.1.254", "0.0.0.0", "255.255.255.255",
            "10.1.2.3", "128.0.0.1", "192.168.100.200", "1.2.3.4"})
    void inet4AddressHashCodeIsTheBigEndianAddress(String dotted) throws Exception {
        Inet4Address address = (Inet4Address) ip(dotted);
        int expected = ByteBuffer.wrap(address.getAddress()).getInt();
        assertEquals(expected, address.hashCode(), dotted);
        Inet4Address byBytes = (Inet4Address) InetAddress.getByAddress(address.getAddress());
        assertEquals(expected, byBytes.hashCode(), dotted + " built from bytes");
        Inet4Address named = (Inet4Address) InetAddress.getByAddress("some.name", address.getAddress());
        assertEquals(expected, named.hashCode(), dotted + " with a host name");
    }

    @Test
    void inet4AddressHashCodeOfKnownValues() throws Exception {
        assertEquals(0x7f000001, ip("127.0.0.1").hashCode());
        assertEquals(0xc0a80101, ip("192.168.1.1").hashCode());
        assertEquals(-1, ip("255.255.255.255").hashCode());
        assertEquals(0, ip("0.0.0.0").hashCode());
    }

    @Test
    void firstMatchWins() throws Exception {
        RouteTable table = table("127.0.0.1:3000->source:127.0.1.0/24,127.0.0.0/8:*->dest:127.0.2.0/24,localhost:*->dest:127.0.3.0/24");
        assertEquals(1, matchIndex(table, "127.0.0.1", 3000));
        assertEquals(2, matchIndex(table, "127.0.0.1", 3001));
        assertEquals(2, matchIndex(table, "127.9.9.9", 3000));
        assertEquals(2, matchIndex(table, "127.0.0.1", 1));
    }

    @Test
    void ignoreRouteMatchesFirstAndLeavesTheConnectUntouched() throws Exception {
        RouteTable table = table("127.0.0.1:5432->ignore,127.0.0.1:*->source:127.0.1.0/24");
        assertEquals(1, matchIndex(table, "127.0.0.1", 5432));
        assertEquals(2, matchIndex(table, "127.0.0.1", 5433));
        assertTrue(table.match(ip("127.0.0.1"), 5432).leavesUntouched());
        assertFalse(table.match(ip("127.0.0.1"), 5433).leavesUntouched());
    }

    @Test
    void laterBroaderRouteCatchesWhatEarlierNarrowOnesMiss() throws Exception {
        RouteTable table = table("127.0.0.1:3000-3009->source:127.0.1.0/24;localhost:*->dest:127.0.2.0/24");
        assertEquals(1, matchIndex(table, "127.0.0.1", 3000));
        assertEquals(1, matchIndex(table, "127.0.0.1", 3009));
        assertEquals(2, matchIndex(table, "127.0.0.1", 3010));
        assertEquals(2, matchIndex(table, "127.0.0.1", 2999));
        assertEquals(2, matchIndex(table, "127.0.0.2", 3000));
    }

    @Test
    void nothingMatchesReturnsNull() throws Exception {
        RouteTable table = table("127.0.0.1:3000->source:127.0.1.0/24,127.0.5.0/24:80-90->dest:127.0.2.0/24");
        assertNull(table.match(ip("127.0.0.1"), 3001));
        assertNull(table.match(ip("127.0.0.2"), 3000));
        assertNull(table.match(ip("127.0.5.1"), 91));
        assertNull(table.match(ip("127.0.6.1"), 80));
        assertNull(table.match(ip("10.0.0.1"), 3000));
        assertNull(table.match(ip("::1"), 3000), "no route covers ::1");
        assertEquals(2, matchIndex(table, "127.0.5.255", 90));
    }

    @Test
    void ipv6LoopbackSkipsSourceRoutes() throws Exception {
        RouteTable table = table("localhost:*->source:127.0.1.0/24,[::1]:*->unix:/run/app.sock");
        assertEquals(1, matchIndex(table, "127.0.0.1", 80));
        assertEquals(2, matchIndex(table, "::1", 80));
        assertEquals(2, matchIndex(table, "0:0:0:0:0:0:0:1", 80));
    }

    @Test
    void ipv6LoopbackWithOnlySourceRoutesIsUntouched() throws Exception {
        RouteTable table = table("localhost:*->source:127.0.1.0/24");
        assertNull(table.match(ip("::1"), 80));
        assertEquals(1, matchIndex(table, "127.0.0.1", 80));
    }

    @Test
    void localhostDestRouteLeavesIpv6Loopback() throws Exception {
        RouteTable table = table("localhost:8080->dest:127.0.2.0/24");
        assertNull(table.match(ip("::1"), 8080), "an IPv4 pool cannot serve ::1");
        assertEquals(1, matchIndex(table, "127.0.0.1", 8080));
    }

    @Test
    void ipv6RouteDoesNotTakeIpv4() throws Exception {
        RouteTable table = table("[::1]:*->unix:/run/app.sock");
        assertNull(table.match(ip("127.0.0.1"), 80));
        assertEquals(1, matchIndex(table, "::1", 80));
    }

    @Test
    void otherIpv6AddressesAreNeverMatched() throws Exception {
        RouteTable table = table("localhost:*->unix:/run/a.sock,[::1]:*->unix:/run/b.sock");
        assertNull(table.match(ip("::2"), 80));
        assertNull(table.match(ip("fe80::1"), 80));
        assertNull(table.match(ip("::"), 80));
    }

    @Test
    void ipv4MappedLoopbackIsAnIpv4Address() throws Exception {
        // InetAddress turns ::ffff:127.0.0.1 into an Inet4Address, so IPv4 routes see it
        RouteTable table = table("127.0.0.1:80->source:127.0.1.0/24");
        assertEquals(1, matchIndex(table, "::ffff:127.0.0.1", 80));
    }

    @Test
    void portBoundaries() throws Exception {
        RouteTable table = table("127.0.0.1:*->dest:127.0.2.0/24");
        assertEquals(1, matchIndex(table, "127.0.0.1", 1));
        assertEquals(1, matchIndex(table, "127.0.0.1", 65535));
        assertNull(table.match(ip("127.0.0.1"), 0));
    }

    @Test
    void matchReturnsTheSameActiveRouteEachTime() throws Exception {
        RouteTable table = table("127.0.0.1:1->source:127.0.1.0/24");
        assertSame(table.match(ip("127.0.0.1"), 1), table.match(ip("127.0.0.1"), 1));
        assertEquals(1, table.routes().size());
        assertEquals("route #1 (127.0.0.1:1->source:127.0.1.0/24)", table.routes().get(0).name());
    }
}
