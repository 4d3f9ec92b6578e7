package io.loopshift.agent;

import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.LoadedSettings;
import io.loopshift.agent.config.SettingsReader;
import io.loopshift.agent.log.AgentLog;
import io.loopshift.agent.log.LogLevel;

import java.lang.instrument.Instrumentation;
import java.util.Objects;

/**
 * Entry point for {@code -javaagent:loopshift-agent.jar} (premain) and for attaching to a running
 * JVM (agentmain). It reads the settings, and hands them to {@link AgentRuntime}; everything is
 * caught, because this runs inside someone else's JVM.
 *
 * <p>What must never happen here: an exception escaping (it would stop the JVM before main), a
 * logging framework being loaded (the application configures its own), or a half-applied
 * configuration (a bad setting disables the whole agent, and the message says so).
 */
public final class LoopshiftAgent {
    static final String DISABLED = "loopshift is disabled; the JVM continues without it";

    /** What the first premain of this JVM did, or null before it; a second -javaagent only reports it. */
    private static FirstLoad firstLoad;

    private LoopshiftAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        FirstLoad first;
        FirstLoad mine = new FirstLoad(arguments);
        synchronized (LoopshiftAgent.class) {
            first = firstLoad;
            if (first == null) {
                firstLoad = mine;
            }
        }
        if (first != null) {
            // Outside the lock: the report waits for the first load's start-up check.
            first.reportSecondLoad(arguments);
            return;
        }
        mine.outcome = start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    /** Starts, replaces or stops the agent; returns what it did, in words. {@code beforeMain}: from premain. */
    private static String start(String arguments, Instrumentation instrumentation, boolean beforeMain) {
        try {
            // An attach or a stop meets a proven agent, or none when its start failed after premain.
            // Premain has nothing to wait for, and an agent left inert must not load the runtime at all.
            if (!beforeMain) {
                AgentRuntime.awaitAfterPremainCheck();
            }
            LoadedSettings loaded;
            try {
                loaded = SettingsReader.forThisPlatform().load(System.getProperties(), System.getenv(), arguments);
            } catch (ConfigException bad) {
                AgentLog.error(bad.getMessage() + " -- " + DISABLED);
                return "disabled by a configuration error (" + bad.getMessage() + ")";
            }
            AgentSettings settings = loaded.settings();
            AgentLog.setLevel(settings.logLevel());
            for (String warning : loaded.warnings()) {
                AgentLog.warn(warning);
            }
            if (!settings.enabled()) {
                AgentRuntime running = beforeMain ? null : AgentRuntime.current();
                if (running != null) {
                    running.stop();
                } else {
                    AgentLog.info("loopshift.enabled=false: the agent is inert, no class is changed");
                }
                return "inert (loopshift.enabled=false)";
            }
            if (!settings.hasWork()) {
                AgentLog.warn("no loopshift.routes or loopshift.listen given: nothing to do, no class is changed");
                return "inert (no loopshift.routes or loopshift.listen given)";
            }
            AgentRuntime.start(loaded, instrumentation, beforeMain);
            return "active with " + settings.summary() + "; " + loaded.describeOrigins();
        } catch (Throwable failure) {
            AgentLog.error("could not start: " + failure + " -- " + DISABLED);
            if (AgentLog.enabled(LogLevel.DEBUG)) {
                failure.printStackTrace();
            }
            return "disabled by a start-up failure (" + failure + ")";
        }
    }

    /**
     * The first {@code -javaagent} of this JVM. The same jar named twice (JAVA_TOOL_OPTIONS and the
     * command line) runs premain twice with the same classes: the second must change nothing, and
     * say so in terms of the first.
     */
    private static final class FirstLoad {
        private final String arguments;
        private volatile String outcome = "still starting";

        FirstLoad(String arguments) {
            this.arguments = arguments;
        }

        void reportSecondLoad(String secondArguments) {
            String message = "loopshift is already loaded in this JVM (-javaagent given twice, e.g. in JAVA_TOOL_OPTIONS and on the command line); "
                    + "this load changes nothing. The first load is " + settledOutcome();
            if (normal(secondArguments).isEmpty() || Objects.equals(normal(arguments), normal(secondArguments))) {
                AgentLog.info(message);
            } else {
                AgentLog.warn(message + ". This load's arguments '" + normal(secondArguments) + "' are ignored; use attach to change the routes");
            }
        }

        /**
         * "active" is true only once the start-up check that runs after the first premain passed:
         * it is waited for (bounded), as an attach waits for it, so the report does not go stale.
         */
        private String settledOutcome() {
            String said = outcome;
            if (said.startsWith("active")) {
                AgentRuntime.awaitAfterPremainCheck();
                if (AgentRuntime.current() == null) {
                    return "stopped: its start-up check failed after premain (the ERROR line says why)";
                }
            }
            return said;
        }

        private static String normal(String text) {
            return text == null ? "" : text.trim();
        }
    }
}
