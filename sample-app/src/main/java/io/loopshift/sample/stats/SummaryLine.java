package io.loopshift.sample.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code TAG key=value key=value}: how each process reports its numbers on one line, so the demo
 * and the integration tests read them the same way. Values never contain spaces (they are
 * replaced by {@code _}).
 */
public final class SummaryLine {
    private final String tag;
    private final Map<String, String> fields = new LinkedHashMap<>();

    public SummaryLine(String tag) {
        this.tag = tag;
    }

    public SummaryLine add(String key, Object value) {
        fields.put(key, String.valueOf(value).replaceAll("\\s", "_"));
        return this;
    }

    public String tag() {
        return tag;
    }

    /** The line's value for {@code key}; a missing key is an error that shows the line. */
    public String get(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + "= in '" + this + "'");
        }
        return value;
    }

    public String get(String key, String missing) {
        return fields.getOrDefault(key, missing);
    }

    public long number(String key) {
        return Long.parseLong(get(key));
    }

    public double decimal(String key) {
        return Double.parseDouble(get(key));
    }

    /** Parses a line written by {@link #toString()}; null if it does not start with {@code tag}. */
    public static SummaryLine parse(String tag, String line) {
        if (!line.startsWith(tag + " ")) {
            return null;
        }
        SummaryLine parsed = new SummaryLine(tag);
        for (String field : line.substring(tag.length() + 1).trim().split(" ")) {
            int equals = field.indexOf('=');
            if (equals > 0) {
                parsed.fields.put(field.substring(0, equals), field.substring(equals + 1));
            }
        }
        return parsed;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(tag);
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }
}
