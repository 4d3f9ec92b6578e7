package io.loopshift.agent.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The agent's log lines written while it is open, for a unit test that checks what was warned. */
public final class CapturedLog implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream previous;
    private final LogLevel previousLevel;

    public CapturedLog() {
        previous = AgentLog.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        previousLevel = levelNow();
        AgentLog.setLevel(LogLevel.WARN);
    }

    private static LogLevel levelNow() {
        for (LogLevel level : new LogLevel[] {LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN}) {
            if (AgentLog.enabled(level)) {
                return level;
            }
        }
        return LogLevel.OFF;
    }

    /** The lines that contain {@code text}. */
    public List<String> lines(String text) {
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        AgentLog.output(previous);
        AgentLog.setLevel(previousLevel);
    }
}
