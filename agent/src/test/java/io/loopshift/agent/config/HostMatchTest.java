package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostMatchTest {
    private static final int LOOPBACK_1 = 0x7f000001;

    private static HostMatch host(String text) throws ConfigException {
        return HostMatch.parse(text, RouteParser.PROPERTY, "R");
    }

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    @Test
    void singleAddressMatchesOnlyItself() throws ConfigException {
        HostMatch match = host("127.0.0.1");
        assertTrue(match.matchesIpv4(LOOPBACK_1));
        assertFalse(match.matchesIpv4(ip(127, 0, 0, 2)));
        assertFalse(match.matchesIpv4(ip(127, 0, 1, 1)));
        assertFalse(match.ipv6Loopback());
        assertTrue(match.coversIpv4());
        assertEquals("127.0.0.1", match.toString());
    }

    @Test
    void cidrMatchesItsNetworkOnly() throws ConfigException {
        HostMatch match = host("127.0.5.0/24");
        assertTrue(match.matchesIpv4(ip(127, 0, 5, 0)));
        assertTrue(match.matchesIpv4(ip(127, 0, 5, 255)));
        assertFalse(match.matchesIpv4(ip(127, 0, 4, 255)));
        assertFalse(match.matchesIpv4(ip(127, 0, 6, 0)));
        assertFalse(match.ipv6Loopback());
    }

    @Test
    void cidrWithHostBitsIsMaskedToItsNetwork() throws ConfigException {
        HostMatch match = host("127.0.5.9/24");
        assertEquals(ip(127, 0, 5, 0), match.network());
        assertTrue(match.matchesIpv4(ip(127, 0, 5, 200)));
    }

    @Test
    void wholeLoopbackNetwork() throws ConfigException {
        HostMatch match = host("127.0.0.0/8");
        assertTrue(match.matchesIpv4(LOOPBACK_1));
        assertTrue(match.matchesIpv4(ip(127, 255, 255, 255)));
        assertFalse(match.matchesIpv4(ip(128, 0, 0, 1)));
        assertFalse(match.matchesIpv4(ip(10, 0, 0, 1)));
        assertFalse(match.ipv6Loopback());
    }

    @Test
    void localhostIsAllOfIpv4LoopbackAndIpv6Loopback() throws ConfigException {
        HostMatch match = host(" LocalHost ");
        assertEquals("localhost", match.text());
        assertTrue(match.matchesIpv4(LOOPBACK_1));
        assertTrue(match.matchesIpv4(ip(127, 1, 2, 3)));
        assertFalse(match.matchesIpv4(ip(192, 168, 0, 1)));
        assertTrue(match.ipv6Loopback());
        assertTrue(match.coversIpv4());
    }

    @Test
    void ipv6LoopbackMatchesNoIpv4() throws ConfigException {
        HostMatch match = host("[::1]");
        assertFalse(match.matchesIpv4(LOOPBACK_1));
        assertFalse(match.matchesIpv4(0));
        assertTrue(match.ipv6Loopback());
        assertFalse(match.coversIpv4());
    }


    @Test
    void rejectsNonLoopbackWithAReason() {
        ConfigException bad = assertThrows(ConfigException.class, () -> host("192.168.0.1"));
        assertEquals("loopshift.routes: host '192.168.0.1' in route 'R' is not loopback (must lie in 127.0.0.0/8): loopshift only rewrites connections to this machine", bad.getMessage());
        ConfigException wide = assertThrows(ConfigException.class, () -> host("127.0.0.0/4"));
        assertEquals("loopshift.routes: host '127.0.0.0/4' in route 'R' is not loopback (must lie in 127.0.0.0/8): loopshift only rewrites connections to this machine", wide.getMessage());
    }

    @Test
    void rejectsOtherIpv6AndNames() {
        for (String text : new String[] {"::1", "[::2]", "[0:0:0:0:0:0:0:1]", "ip6-localhost", "localhost.localdomain", "127.0.0.1.", "0x7f.0.0.1"}) {
            ConfigException bad = assertThrows(ConfigException.class, () -> host(text), text);
            assertEquals("loopshift.routes: host '" + text + "' in route 'R' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8", bad.getMessage());
        }
    }
}
