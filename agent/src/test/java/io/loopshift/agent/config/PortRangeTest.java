package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortRangeTest {
    private static PortRange ports(String text) throws ConfigException {
        return PortRange.parse(text, RouteParser.PROPERTY, "R");
    }

    @Test
    void forms() throws ConfigException {
        assertEquals(new PortRange(1, 65535), ports("*"));
        assertEquals(new PortRange(1, 65535), ports(" * "));
        assertEquals(new PortRange(80, 80), ports("80"));
        assertEquals(new PortRange(80, 80), ports("080"));
        assertEquals(new PortRange(1, 1), ports("1"));
        assertEquals(new PortRange(65535, 65535), ports("65535"));
        assertEquals(new PortRange(3000, 3999), ports("3000-3999"));
        assertEquals(new PortRange(3000, 3999), ports(" 3000 - 3999 "));
        assertEquals(new PortRange(5, 5), ports("5-5"));
    }

    @Test
    void containsIsInclusive() throws ConfigException {
        PortRange range = ports("3000-3999");
        assertFalse(range.contains(2999));
        assertTrue(range.contains(3000));
        assertTrue(range.contains(3500));
        assertTrue(range.contains(3999));
        assertFalse(range.contains(4000));
        PortRange one = ports("80");
        assertTrue(one.contains(80));
        assertFalse(one.contains(79));
        assertFalse(one.contains(81));
        PortRange all = ports("*");
        assertTrue(all.contains(1));
        assertTrue(all.contains(65535));
        assertFalse(all.contains(0));
    }


    @Test
    void toStringIsNormalised() throws ConfigException {
        assertEquals("*", ports("1-65535").toString());
        assertEquals("80", ports("80-80").toString());
        assertEquals("3000-3999", ports(" 3000 - 3999").toString());
    }

    @Test
    void rejections() {
        assertMessage("0", "loopshift.routes: port 0 is outside 1-65535 in route 'R'");
        assertMessage("65536", "loopshift.routes: port 65536 is outside 1-65535 in route 'R'");
        assertMessage("99999", "loopshift.routes: port 99999 is outside 1-65535 in route 'R'");
        assertMessage("100000", "loopshift.routes: '100000' is not a port (1-65535, lo-hi or *) in route 'R'");
        assertMessage("+80", "loopshift.routes: '+80' is not a port (1-65535, lo-hi or *) in route 'R'");
        assertMessage("", "loopshift.routes: '' is not a port (1-65535, lo-hi or *) in route 'R'");
        assertMessage("2-1", "loopshift.routes: port range '2-1' is empty (low > high) in route 'R'");
        assertMessage("1-2-3", "loopshift.routes: '2-3' is not a port (1-65535, lo-hi or *) in route 'R'");
        assertMessage("1-0", "loopshift.routes: port 0 is outside 1-65535 in route 'R'");
    }

    private static void assertMessage(String text, String expected) {
        ConfigException bad = assertThrows(ConfigException.class, () -> ports(text), text);
        assertEquals(expected, bad.getMessage());
    }
}
