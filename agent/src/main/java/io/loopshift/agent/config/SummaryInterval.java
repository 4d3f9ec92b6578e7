package io.loopshift.agent.config;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code loopshift.summary}: how often to print one line of counters per route, for users without
 * a JMX scraper. A number with a unit ({@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}),
 * at least one second, or {@code off}.
 */
final class SummaryInterval {
    static final String PROPERTY = "loopshift.summary";

    private SummaryInterval() {
    }

    /** The interval, or null for off (also when not given). */
    static Duration parse(String text) throws ConfigException {
        if (text == null) {
            return null;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("off")) {
            return null;
        }
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        Duration interval = null;
        if (unitStart > 0 && unitStart <= 9) {
            long amount = Long.parseLong(value.substring(0, unitStart));
            switch (value.substring(unitStart)) {
                case "ms": interval = Duration.ofMillis(amount); break;
                case "s": interval = Duration.ofSeconds(amount); break;
                case "m": interval = Duration.ofMinutes(amount); break;
                case "h": interval = Duration.ofHours(amount); break;
                default: break;
            }
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(PROPERTY, "'" + text + "' is not an interval of at least 1s (e.g. 60s, 5m, 1h, or off)");
        }
        return interval;
    }
}
