package io.loopshift.agent.jdk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpollFdinfoTest {
    /** As Linux 6.x prints it: position and flags first, then one line per registered descriptor. */
    private static final byte[] INFO = ("pos:\t0\nflags:\t02000002\nmnt_id:\t16\nino:\t1057\n"
            + "tfd:        9 events:       19 data:                9  pos:0 ino:2a6f sdev:9\n"
            + "tfd:       12 events: 80002019 data:                c  pos:0 ino:2a71 sdev:9\n"
            + "tfd:      123 events: 80000004 data:               7b  pos:0 ino:2a79 sdev:9\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void findsTheEventsOfARegisteredDescriptor() {
        assertEquals(0x19, EpollFdinfo.eventsOf(INFO, 9));
        assertEquals(0x80002019L, EpollFdinfo.eventsOf(INFO, 12));
        assertEquals(0x80000004L, EpollFdinfo.eventsOf(INFO, 123));
    }

    @Test
    void aNumberThatIsOnlyAPrefixOrAbsentIsNotRegistered() {
        assertEquals(-1, EpollFdinfo.eventsOf(INFO, 1));
        assertEquals(-1, EpollFdinfo.eventsOf(INFO, 13));
        assertEquals(-1, EpollFdinfo.eventsOf(new byte[0], 9));
    }

    @Test
    void onlyTheBytesReadCount() {
        byte[] buffer = java.util.Arrays.copyOf(INFO, INFO.length + 100);
        assertEquals(0x80000004L, EpollFdinfo.eventsOf(buffer, INFO.length, 123));
        int beforeLastLine = new String(INFO, StandardCharsets.US_ASCII).indexOf("tfd:      123");
        assertEquals(-1, EpollFdinfo.eventsOf(buffer, beforeLastLine + 8, 123));
    }

    @Test
    void anUnexpectedLineIsNotMisread() {
        byte[] odd = "tfd:       12 mask: 19\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, EpollFdinfo.eventsOf(odd, 12));
    }
}
