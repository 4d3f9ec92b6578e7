package io.loopshift.agent.metrics;

import java.util.Map;

/**
 * Counters of one route, or of all routes together, as JMX shows them:
 * {@code loopshift:type=Route,name=<index>} and {@code loopshift:type=Total}.
 */
public interface RouteStatsMXBean {
    /** The route as configured, e.g. {@code 127.0.0.1:3000->source:127.0.1.0/24}; "all routes" for the total. */
    String getRoute();

    /** {@code source}, {@code dest}, {@code unix}, or {@code total}. */
    String getAction();

    /** Stream connects that matched this route. */
    long getMatched();

    /** Connects the action rewrote (bound, rotated, or redirected to the Unix socket). */
    long getRewritten();

    /** Connects that went to the original destination instead (dest: refusal, unix: unavailable socket). */
    long getFallbacks();

    /** Matching connects left alone because the application had bound the socket itself. */
    long getUntouchedBound();

    /** Source addresses skipped because they could not be bound. */
    long getSourceSkips();

    /** Connects that failed, in total. */
    long getFailures();

    /** Connects that failed, by the kernel's error name (EADDRNOTAVAIL, ECONNREFUSED, ...). */
    Map<String, Long> getFailuresByErrno();

    /** The index in the pool of the address the next connect uses; -1 for unix: and the total. */
    int getRotationPosition();

    /** The number of addresses in the pool; 0 for unix: and the total. */
    int getPoolSize();
}
