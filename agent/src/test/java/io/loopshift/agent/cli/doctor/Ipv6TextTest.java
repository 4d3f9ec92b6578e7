package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Ipv6TextTest {

    @Test
    void compressesTheLongestRunOfZeroGroups() {
        assertEquals("::1", Ipv6Text.format(new int[]{0, 0, 0, 0, 0, 0, 0, 1}));
        assertEquals("::", Ipv6Text.format(new int[]{0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals("1::", Ipv6Text.format(new int[]{1, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals("2001:db8::5", Ipv6Text.format(new int[]{0x2001, 0xdb8, 0, 0, 0, 0, 0, 5}));
        assertEquals("2001:0:0:1::1", Ipv6Text.format(new int[]{0x2001, 0, 0, 1, 0, 0, 0, 1}));
    }

    @Test
    void leavesASingleZeroGroupAndPrefersTheFirstOfEqualRuns() {
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Text.format(new int[]{0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}));
        assertEquals("2001:db8::1:0:0:1", Ipv6Text.format(new int[]{0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}));
    }

    @Test
    void writesGroupsInLowerCaseWithoutLeadingZeros() {
        assertEquals("fe80::abcd:ef:1", Ipv6Text.format(new int[]{0xfe80, 0, 0, 0, 0, 0xabcd, 0xef, 1}));
    }
}
