package io.loopshift.agent.log;

import java.io.PrintStream;

/**
 * The agent's own logging: one line per event on standard error, prefixed {@code [loopshift]}.
 * No logging framework, so nothing clashes with the application's slf4j or logback binding, and
 * nothing is loaded that the application might configure.
 */
public final class AgentLog {
    private static volatile LogLevel level = LogLevel.WARN;
    private static volatile PrintStream out = System.err;

    private AgentLog() {
    }

    public static void setLevel(LogLevel newLevel) {
        level = newLevel;
    }

    /** Sends the lines to {@code stream} from now on and returns where they went (unit tests read the warnings this way). */
    public static PrintStream output(PrintStream stream) {
        PrintStream previous = out;
        out = stream;
        return previous;
    }

    public static boolean enabled(LogLevel wanted) {
        return wanted != LogLevel.OFF && level.compareTo(wanted) >= 0;
    }

    public static void warn(String message) {
        print(LogLevel.WARN, message);
    }

    /** A warning with the stack trace of its cause, for the first sight of a bug. */
    public static void warn(String message, Throwable cause) {
        if (enabled(LogLevel.WARN)) {
            PrintStream stream = out;
            synchronized (stream) {
                stream.println("[loopshift] WARN " + oneLine(message));
                cause.printStackTrace(stream);
            }
        }
    }

    public static void info(String message) {
        print(LogLevel.INFO, message);
    }

    public static void debug(String message) {
        print(LogLevel.DEBUG, message);
    }

    /** The periodic summary (loopshift.summary): asked for explicitly, so printed at every level but off. */
    public static void summary(String message) {
        if (enabled(LogLevel.WARN)) {
            out.println("[loopshift] SUMMARY " + oneLine(message));
        }
    }

    /** Errors that disable the agent are printed even at {@code off}: silence would hide an outage cause. */
    public static void error(String message) {
        out.println("[loopshift] ERROR " + oneLine(message));
    }

    private static void print(LogLevel at, String message) {
        if (enabled(at)) {
            out.println("[loopshift] " + at.name() + " " + oneLine(message));
        }
    }

    /** Escapes control characters, so a value with a line break still gives one line per event. */
    static String oneLine(String message) {
        StringBuilder line = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (line == null) {
                    line = new StringBuilder(message.length() + 8).append(message, 0, i);
                }
                line.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : String.format("\\u%04x", (int) c));
            } else if (line != null) {
                line.append(c);
            }
        }
        return line == null ? message : line.toString();
    }
}
