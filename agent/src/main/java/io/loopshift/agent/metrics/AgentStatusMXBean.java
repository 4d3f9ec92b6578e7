package io.loopshift.agent.metrics;

/** The agent as a whole, as JMX shows it: {@code loopshift:type=Agent}. */
public interface AgentStatusMXBean {
    /** {@code active}, or {@code stopped} after detach or {@code enabled=false}. */
    String getState();

    /** The routes applied, as the start-up line shows them. */
    String getSettings();

    /** Where each setting came from, e.g. {@code settings: routes from LOOPSHIFT_ROUTES}. */
    String getOrigins();

    /** {@code loopshift.fallback} for {@code unix:} routes: {@code tcp} or {@code fail}. */
    String getFallback();

    /** The agent's version. */
    String getVersion();
}
