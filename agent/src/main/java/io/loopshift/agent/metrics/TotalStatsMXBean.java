package io.loopshift.agent.metrics;

/** The counters of {@code loopshift:type=Total}: every route's, summed, and the agent's own failures. */
public interface TotalStatsMXBean extends RouteStatsMXBean {
    /** Bugs inside the agent's socket handlers; always 0 unless the agent is broken. */
    long getHandlerFailures();

    /** The last of them, as text; empty when there was none. */
    String getLastHandlerFailure();
}
