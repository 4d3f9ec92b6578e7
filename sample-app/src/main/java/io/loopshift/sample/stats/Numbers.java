package io.loopshift.sample.stats;

import java.util.Locale;

/** Number formats for people: digit groups, milliseconds with one decimal. */
public final class Numbers {
    private Numbers() {
    }

    public static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    public static String millis(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
