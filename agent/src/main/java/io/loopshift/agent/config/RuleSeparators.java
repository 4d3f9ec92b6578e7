package io.loopshift.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a list of routes or listen rules at ',' and ';', keeping empty pieces (which the parsers
 * report). By hand rather than with {@code String.split("[,;]")}: that would compile the JVM's
 * first regular expression inside premain.
 */
final class RuleSeparators {
    private RuleSeparators() {
    }

    static List<String> split(String value) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == ';') {
                pieces.add(value.substring(start, i));
                start = i + 1;
            }
        }
        pieces.add(value.substring(start));
        return pieces;
    }
}
