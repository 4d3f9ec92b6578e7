package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AddressPoolTest {
    private static final String ROUTE = "127.0.0.1:1->source:POOL";

    private static AddressPool pool(String text) throws ConfigException {
        return AddressPool.parse(text, RouteParser.PROPERTY, ROUTE);
    }

    private static void assertRejected(String text, String expectedMessage) {
        ConfigException bad = assertThrows(ConfigException.class, () -> pool(text), text);
        assertTrue(bad.getMessage().startsWith(RouteParser.PROPERTY + ": "), bad.getMessage());
        assertEquals(expectedMessage, bad.getMessage());
    }

    private static Inet4Address address(String dotted) throws Exception {
        return (Inet4Address) InetAddress.getByName(dotted);
    }

    @Test
    void cidrSkipsNetworkAndBroadcast() throws Exception {
        AddressPool pool = pool("127.0.1.0/24");
        assertEquals(254, pool.size());
        assertEquals("127.0.1.1", pool.firstAddress());
        assertEquals("127.0.1.254", pool.lastAddress());
        assertEquals(address("127.0.1.1"), pool.get(0));
        assertEquals(address("127.0.1.2"), pool.get(1));
        assertEquals(address("127.0.1.254"), pool.get(253));
        assertEquals("127.0.1.0/24", pool.toString());
        assertEquals("127.0.1.0/24 (254 addresses, 127.0.1.1-127.0.1.254)", pool.describe());
    }

    @Test
    void cidrWithHostBitsIsMaskedToItsNetwork() throws Exception {
        AddressPool pool = pool("127.0.1.77/24");
        assertEquals(254, pool.size());
        assertEquals("127.0.1.1", pool.firstAddress());
        assertEquals("127.0.1.254", pool.lastAddress());
    }

    @Test
    void slash30HasTwoUsableAddresses() throws Exception {
        AddressPool pool = pool("127.0.1.4/30");
        assertEquals(2, pool.size());
        assertEquals(address("127.0.1.5"), pool.get(0));
        assertEquals(address("127.0.1.6"), pool.get(1));
    }

    @Test
    void slash31KeepsBothAddresses() throws Exception {
        AddressPool pool = pool("127.0.1.4/31");
        assertEquals(2, pool.size());
        assertEquals(address("127.0.1.4"), pool.get(0));
        assertEquals(address("127.0.1.5"), pool.get(1));
        assertEquals("127.0.1.4/31 (2 addresses, 127.0.1.4-127.0.1.5)", pool.describe());
    }

    @Test
    void slash32IsOneAddress() throws Exception {
        AddressPool pool = pool("127.0.1.9/32");
        assertEquals(1, pool.size());
        assertEquals(address("127.0.1.9"), pool.get(0));
        assertEquals("127.0.1.9/32 (1 address, 127.0.1.9-127.0.1.9)", pool.describe());
    }

    @Test
    void wholeLoopbackNetworkIsBuiltLazily() throws Exception {
        AddressPool pool = pool("127.0.0.0/8");
        assertEquals((1 << 24) - 2, pool.size());
        assertEquals(address("127.0.0.1"), pool.get(0));
        assertEquals(address("127.1.0.1"), pool.get(1 << 16));
        assertEquals(address("127.255.255.254"), pool.get(pool.size() - 1));
    }

    @Test
    void rangeIsInclusive() throws Exception {
        AddressPool pool = pool("127.0.0.2-127.0.3.254");
        assertEquals(254 + 256 + 256 + 255, pool.size());
        assertEquals(address("127.0.0.2"), pool.get(0));
        assertEquals(address("127.0.0.255"), pool.get(253));
        assertEquals(address("127.0.1.0"), pool.get(254));
        assertEquals(address("127.0.3.254"), pool.get(pool.size() - 1));
        assertEquals("127.0.0.2-127.0.3.254", pool.toString());
    }

    @Test
    void rangeOfOneAddress() throws Exception {
        AddressPool pool = pool("127.0.0.7-127.0.0.7");
        assertEquals(1, pool.size());
        assertEquals(address("127.0.0.7"), pool.get(0));
    }

    @Test
    void spacesAroundThePartsAreTrimmed() throws Exception {
        assertEquals(254, pool("  127.0.1.0 / 24 ").size());
        assertEquals(4, pool(" 127.0.0.2 - 127.0.0.5 ").size());
        assertEquals("127.0.0.2 - 127.0.0.5", pool(" 127.0.0.2 - 127.0.0.5 ").toString());
    }

    @Test
    void singleAddressIsAPoolOfOne() throws Exception {
        AddressPool pool = pool("127.0.0.5");
        assertEquals(1, pool.size());
        assertEquals(address("127.0.0.5"), pool.get(0));
    }

    @Test
    void emptyText() {
        assertRejected("", "loopshift.routes: route '127.0.0.1:1->source:POOL' has an empty address pool");
        assertRejected("   ", "loopshift.routes: route '127.0.0.1:1->source:POOL' has an empty address pool");
    }

    @Test
    void rangeBackwardsIsEmpty() {
        assertRejected("127.0.0.9-127.0.0.2",
                "loopshift.routes: address pool '127.0.0.9-127.0.0.2' in route '127.0.0.1:1->source:POOL' is empty (first address after last)");
    }

    @Test
    void nonLoopbackCidr() {
        assertRejected("10.0.0.0/24",
                "loopshift.routes: address pool '10.0.0.0/24' in route '127.0.0.1:1->source:POOL' is not loopback (every address must lie in 127.0.0.0/8)");
    }

    @Test
    void cidrWiderThanLoopback() {
        assertRejected("127.0.0.0/7",
                "loopshift.routes: address pool '127.0.0.0/7' in route '127.0.0.1:1->source:POOL' is not loopback (every address must lie in 127.0.0.0/8)");
        assertRejected("0.0.0.0/0",
                "loopshift.routes: address pool '0.0.0.0/0' in route '127.0.0.1:1->source:POOL' is not loopback (every address must lie in 127.0.0.0/8)");
    }

    @Test
    void rangeLeavingLoopbackAtEitherEnd() {
        assertRejected("126.255.255.250-127.0.0.5",
                "loopshift.routes: address pool '126.255.255.250-127.0.0.5' in route '127.0.0.1:1->source:POOL' is not loopback (every address must lie in 127.0.0.0/8)");
        assertRejected("127.255.255.250-128.0.0.5",
                "loopshift.routes: address pool '127.255.255.250-128.0.0.5' in route '127.0.0.1:1->source:POOL' is not loopback (every address must lie in 127.0.0.0/8)");
    }

    @Test
    void nonLoopbackSingleAddress() {
        assertRejected("192.168.1.1",
                "loopshift.routes: address pool '192.168.1.1' in route '127.0.0.1:1->source:POOL' is not loopback (every address must lie in 127.0.0.0/8)");
    }

    @Test
    void textThatIsNoPool() {
        String hint = "' in route '127.0.0.1:1->source:POOL' is not an address pool (a CIDR such as 127.0.1.0/24 or a range such as 127.0.0.2-127.0.0.250)";
        assertRejected("127.0.1", "loopshift.routes: '127.0.1" + hint);
        assertRejected("localhost", "loopshift.routes: 'localhost" + hint);
        assertRejected("127.0.1.0/24/8", "loopshift.routes: '127.0.1.0/24/8' in route '127.0.0.1:1->source:POOL' has no valid prefix length (0-32)");
        assertRejected("127.0.0.2-", "loopshift.routes: '127.0.0.2-" + hint);
        assertRejected("127.0.0.2-127.0.0", "loopshift.routes: '127.0.0.2-127.0.0" + hint);
        assertRejected("127.0.0.256", "loopshift.routes: '127.0.0.256" + hint);
        assertRejected("127.0.0.+1", "loopshift.routes: '127.0.0.+1" + hint);
        assertRejected("::1", "loopshift.routes: '::1" + hint);
        assertRejected("abc/24", "loopshift.routes: 'abc/24" + hint);
    }

    @Test
    void badPrefix() {
        assertRejected("127.0.1.0/33", "loopshift.routes: '127.0.1.0/33' in route '127.0.0.1:1->source:POOL' has prefix length 33 (max 32)");
        assertRejected("127.0.1.0/", "loopshift.routes: '127.0.1.0/' in route '127.0.0.1:1->source:POOL' has no valid prefix length (0-32)");
        assertRejected("127.0.1.0/-1", "loopshift.routes: '127.0.1.0/-1' in route '127.0.0.1:1->source:POOL' has no valid prefix length (0-32)");
        assertRejected("127.0.1.0/240", "loopshift.routes: '127.0.1.0/240' in route '127.0.0.1:1->source:POOL' has no valid prefix length (0-32)");
    }
}
