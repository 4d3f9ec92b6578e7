package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VerdictTest {

    @ParameterizedTest
    @CsvSource({
            "0, 1000, OK",
            "499, 1000, OK",
            "500, 1000, WARNING",
            "800, 1000, WARNING",
            "801, 1000, CRITICAL",
            "1000, 1000, CRITICAL",
            "14115, 28232, OK",
            "14116, 28232, WARNING",
            "22585, 28232, WARNING",
            "22586, 28232, CRITICAL",
            "80, 100, WARNING",
            "81, 100, CRITICAL",
    })
    void thresholdsAreHalfAndFourFifthsOfTheRange(long held, long rangeSize, Verdict expected) {
        assertEquals(expected, Verdict.of(held, rangeSize));
    }

    @Test
    void exitCodesFollowTheMonitoringCheckConvention() {
        assertEquals(0, Verdict.OK.exitCode());
        assertEquals(1, Verdict.WARNING.exitCode());
        assertEquals(2, Verdict.CRITICAL.exitCode());
        assertEquals(3, DoctorCommand.CANNOT_RUN);
    }

    @Test
    void theWorseOfTwoWins() {
        assertEquals(Verdict.WARNING, Verdict.OK.worse(Verdict.WARNING));
        assertEquals(Verdict.CRITICAL, Verdict.CRITICAL.worse(Verdict.OK));
        assertEquals(Verdict.OK, Verdict.OK.worse(Verdict.OK));
    }
}
