package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-made split gives exactly the pieces {@code String.split("[,;]", -1)} gave before it. */
class RuleSeparatorsTest {

    @Test
    void piecesAreThoseOfTheRegularExpressionSplit() {
        for (String value : new String[] {"", "a", "a,b", "a;b", "a,;b", ",a", "a,", ";", ",,", " a , b ;c ", "127.0.0.1:3000->unix:/run/x.sock"}) {
            assertEquals(Arrays.asList(value.split("[,;]", -1)), RuleSeparators.split(value), value);
        }
    }
}
