package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeWaitAgeTest {
    private static final IpAddress LOCALHOST = new IpAddress("127.0.0.1", false, true);

    private static TcpSocket timeWait(int remainingMillis) {
        return new TcpSocket(LOCALHOST, 40000, LOCALHOST, 3000, TcpState.TIME_WAIT, remainingMillis);
    }

    @Test
    void readsTheTimerInHundredthsOfASecond() {
        assertEquals(59390, TimeWaitAge.remainingMillis("03:00001733"));
        assertEquals(56060, TimeWaitAge.remainingMillis("03:000015e6"));
        assertEquals(0, TimeWaitAge.remainingMillis("03:00000000"));
        assertEquals(60000, TimeWaitAge.remainingMillis("03:00001770"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:00000000", "01:00001733", "03:0000173", "03:000017330", "03:0000173G", "03:00001771", "03-00001733", ""})
    void anythingElseIsUnknown(String field) {
        assertEquals(TimeWaitAge.UNKNOWN, TimeWaitAge.remainingMillis(field));
    }

    @Test
    void aTimeWaitPortUnderTwoSecondsOldCannotBeReusedYet() {
        assertTrue(TimeWaitAge.tooRecentToReuse(timeWait(60_000)));
        assertTrue(TimeWaitAge.tooRecentToReuse(timeWait(58_010)));
        assertFalse(TimeWaitAge.tooRecentToReuse(timeWait(58_000)));
        assertFalse(TimeWaitAge.tooRecentToReuse(timeWait(0)));
        assertTrue(TimeWaitAge.tooRecentToReuse(timeWait(TimeWaitAge.UNKNOWN)), "an unreadable timer counts as held");
    }

    @Test
    void onlyTimeWaitSocketsAreRecentTimeWait() {
        assertFalse(TimeWaitAge.tooRecentToReuse(new TcpSocket(LOCALHOST, 40000, LOCALHOST, 3000, TcpState.ESTABLISHED)));
    }
}
