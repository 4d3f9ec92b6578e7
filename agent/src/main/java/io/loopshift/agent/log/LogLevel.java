package io.loopshift.agent.log;

import java.util.Locale;

/** The values of {@code loopshift.log}, most verbose last. */
public enum LogLevel {
    OFF, WARN, INFO, DEBUG;

    /** Parses a {@code loopshift.log} value; null when the text names no level. */
    public static LogLevel parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "off": return OFF;
            case "warn": return WARN;
            case "info": return INFO;
            case "debug": return DEBUG;
            default: return null;
        }
    }
}
