package io.loopshift.agent;

import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.SettingsReader;
import io.loopshift.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:loopshift-agent.jar} (premain) and for attaching to a running
 * JVM (agentmain). It parses the settings, and hands them to {@link AgentRuntime}; everything is
 * caught, because this runs inside someone else's JVM.
 *
 * <p>What must never happen here: an exception escaping (it would stop the JVM before main), a
 * logging framework being loaded (the application configures its own), or a half-applied
 * configuration (a bad setting disables the whole agent, and the message says so).
 */
public final class LoopshiftAgent {
    static final String DISABLED = "loopshift is disabled; the JVM continues without it";

    private LoopshiftAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean attached) {
        try {
            AgentSettings settings;
            try {
                settings = SettingsReader.forThisPlatform().read(System.getProperties(), arguments);
            } catch (ConfigException bad) {
                AgentLog.error(bad.getMessage() + " -- " + DISABLED);
                return;
            }
            AgentLog.setLevel(settings.logLevel());
            if (!settings.enabled()) {
                AgentRuntime running = AgentRuntime.current();
                if (running != null) {
                    running.stop();
                } else {
                    AgentLog.info("loopshift.enabled=false: the agent is inert, no class is changed");
                }
                return;
            }
            if (!settings.hasRoutes()) {
                AgentLog.warn("no loopshift.routes given: nothing to do, no class is changed");
                return;
            }
            AgentRuntime.start(settings, instrumentation, attached);
        } catch (Throwable failure) {
            AgentLog.error("could not start: " + failure + " -- " + DISABLED);
            if (AgentLog.enabled(io.loopshift.agent.log.LogLevel.DEBUG)) {
                failure.printStackTrace();
            }
        }
    }
}
