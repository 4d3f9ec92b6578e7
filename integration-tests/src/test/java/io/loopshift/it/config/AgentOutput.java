package io.loopshift.it.config;

import io.loopshift.it.support.ChildJvm;

import java.util.ArrayList;
import java.util.List;

/** The lines a child JVM printed, split into the agent's {@code [loopshift]} lines and the rest. */
final class AgentOutput {
    static final String PREFIX = "[loopshift] ";
    static final String ERROR = PREFIX + "ERROR ";
    static final String DISABLED = " -- loopshift is disabled; the JVM continues without it";

    private AgentOutput() {
    }

    static List<String> lines(ChildJvm.Result result) {
        List<String> lines = new ArrayList<>();
        for (String line : result.output().split("\n", -1)) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    static List<String> agentLines(ChildJvm.Result result) {
        List<String> agent = new ArrayList<>();
        for (String line : lines(result)) {
            if (line.startsWith(PREFIX)) {
                agent.add(line);
            }
        }
        return agent;
    }

    static List<String> errorLines(ChildJvm.Result result) {
        List<String> errors = new ArrayList<>();
        for (String line : lines(result)) {
            if (line.startsWith(ERROR)) {
                errors.add(line);
            }
        }
        return errors;
    }

    static boolean mainRan(ChildJvm.Result result) {
        return lines(result).contains(TinyMain.MARKER);
    }
}
