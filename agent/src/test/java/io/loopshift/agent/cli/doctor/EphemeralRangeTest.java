package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EphemeralRangeTest {

    @Test
    void readsTheFileAsTheKernelWritesIt() throws DoctorException {
        EphemeralRange range = EphemeralRange.parse("32768\t60999\n", "ip_local_port_range");
        assertEquals(new EphemeralRange(32768, 60999), range);
        assertEquals(28232, range.size());
        assertEquals("32768-60999", range.toString());
    }

    @Test
    void includesBothEnds() throws DoctorException {
        EphemeralRange range = EphemeralRange.parse("40000 40099", "f");
        assertEquals(100, range.size());
        assertTrue(range.contains(40000));
        assertTrue(range.contains(40099));
        assertFalse(range.contains(39999));
        assertFalse(range.contains(40100));
        assertEquals(1, EphemeralRange.parse("5000 5000", "f").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "32768", "32768 60999 1", "60999 32768", "0 100", "32768 65536", "-1 100", "+1 100", "a b", "123456 123457"})
    void rejectsWhatIsNotARange(String text) {
        DoctorException e = assertThrows(DoctorException.class, () -> EphemeralRange.parse(text, "/proc/sys/net/ipv4/ip_local_port_range"));
        assertTrue(e.getMessage().startsWith("/proc/sys/net/ipv4/ip_local_port_range holds '" + text.trim() + "'"), e.getMessage());
    }
}
