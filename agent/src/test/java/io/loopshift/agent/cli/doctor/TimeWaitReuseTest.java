package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeWaitReuseTest {

    @Test
    void onlyOneAndTwoFreeTimeWaitPortsToLoopback() throws DoctorException {
        assertFalse(TimeWaitReuse.parse("0\n", "f").freesLoopbackPorts());
        assertTrue(TimeWaitReuse.parse("1\n", "f").freesLoopbackPorts());
        assertTrue(TimeWaitReuse.parse("2\n", "f").freesLoopbackPorts());
        assertFalse(TimeWaitReuse.parse("3\n", "f").freesLoopbackPorts());
        assertEquals(2, TimeWaitReuse.parse(" 2 ", "f").value());
    }

    @Test
    void explainsEachValue() throws DoctorException {
        assertTrue(TimeWaitReuse.parse("0", "f").explanation().startsWith("TIME_WAIT ports stay taken for 60 s"));
        assertTrue(TimeWaitReuse.parse("2", "f").explanation().contains("Linux's default"));
        assertTrue(TimeWaitReuse.parse("7", "f").explanation().startsWith("unknown value"));
    }

    @Test
    void rejectsWhatIsNotADigit() {
        assertThrows(DoctorException.class, () -> TimeWaitReuse.parse("", "f"));
        assertThrows(DoctorException.class, () -> TimeWaitReuse.parse("10", "f"));
        assertThrows(DoctorException.class, () -> TimeWaitReuse.parse("x", "f"));
    }
}
