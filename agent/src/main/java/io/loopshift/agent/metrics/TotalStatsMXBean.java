package io.loopshift.agent.metrics;

/** The counters of {@code loopshift:type=Total}: every route's, summed, and the agent's own failures. */
public interface TotalStatsMXBean extends RouteStatsMXBean {
    /** Bugs inside the agent's socket handlers; always 0 unless the agent is broken. */
    long getHandlerFailures();

    /** The last of them, as text; empty when there was none. */
    String getLastHandlerFailure();

    /** TCP sockets that {@code unix:} redirects replaced, kept now for the JDK's next socket creation. */
    int getTcpSocketPoolSize();

    /** Sockets the JDK got from that pool instead of a new socket(2), since start-up. */
    long getTcpSocketPoolReused();

    /** Replaced TCP sockets not kept because their dup failed (EMFILE: the process is short of descriptors); each redirect went on. */
    long getTcpSocketPoolDupFailures();

    /**
     * Netty connects on a {@code unix:} route whose Netty has no {@code ThreadExecutorMap} (a relocated
     * or unusual build): a full Unix backlog gets a 10 ms wait on the event loop instead of retries.
     */
    long getNettyConnectsWithoutBacklogRetries();
}
