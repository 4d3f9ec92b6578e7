package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PercentTest {

    @ParameterizedTest
    @CsvSource({
            "900, 1000, 90.0",
            "1000, 1000, 100.0",
            "0, 1000, 0.0",
            "12, 28232, 0.0",
            "1, 3, 33.3",
            "2, 3, 66.6",
            "22586, 28232, 80.0",
            "0, 0, 0.0",
    })
    void oneDecimalRoundedDown(long part, long whole, String expected) {
        assertEquals(expected, Percent.of(part, whole));
    }
}
