package io.loopshift.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock prints milliseconds with one decimal, as the start-up figure reads them. */
class StartupClockTest {

    @Test
    void millisecondsHaveOneDecimalTruncatedLikeTheDoubleTheyReplace() {
        assertEquals("8.8", StartupClock.appendMillis(new StringBuilder(), 8_849_999).toString());
        assertEquals("12.0", StartupClock.appendMillis(new StringBuilder(), 12_000_000).toString());
        assertEquals("0.0", StartupClock.appendMillis(new StringBuilder(), 50_000).toString());
        assertEquals("1234.5", StartupClock.appendMillis(new StringBuilder(), 1_234_567_890).toString());
    }

    @Test
    void lapsAreListedInOrderAfterTheTotal() {
        StartupClock clock = new StartupClock();
        clock.lap("java.base access");
        clock.lap("weave");
        String text = clock.toString();
        assertTrue(text.matches("\\d+\\.\\d ms \\(java\\.base access \\d+\\.\\d ms, weave \\d+\\.\\d ms\\)"), text);
    }
}
