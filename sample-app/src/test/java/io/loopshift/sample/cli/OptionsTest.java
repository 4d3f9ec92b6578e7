package io.loopshift.sample.cli;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void readsBothSpellingsAndFlags() throws UsageException {
        Options options = Options.parse("load", new String[] {"--requests", "1,000", "--seconds=5", "--verbose"},
                Set.of("requests", "seconds"), Set.of("verbose"));
        assertEquals(1000, options.integer("requests", 1, 1, 10_000));
        assertEquals(5, options.integer("seconds", 1, 1, 60));
        assertTrue(options.flag("verbose"));
    }

    @Test
    void refusesWhatItDoesNotKnowOrCannotUse() {
        assertThrows(UsageException.class, () -> Options.parse("load", new String[] {"--reqests", "5"}, Set.of("requests"), Set.of()));
        assertThrows(UsageException.class, () -> Options.parse("load", new String[] {"--requests"}, Set.of("requests"), Set.of()));
        assertThrows(UsageException.class, () -> Options.parse("load", new String[] {"--requests", "0"}, Set.of("requests"), Set.of())
                .integer("requests", 1, 1, 10));
        assertThrows(UsageException.class, () -> HostPort.parse("--target", "127.0.0.1"));
    }
}
