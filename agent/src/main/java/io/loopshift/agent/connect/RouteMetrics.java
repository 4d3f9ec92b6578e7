package io.loopshift.agent.connect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one route, updated without locks on the connect path. AtomicLong rather than
 * LongAdder: the JVM's first LongAdder initialises var handles, inside premain here, which costs
 * more start-up than a contended increment costs next to a connect's system calls.
 */
public final class RouteMetrics {
    final AtomicLong matched = new AtomicLong();
    public final AtomicLong rewritten = new AtomicLong();
    public final AtomicLong fallbacks = new AtomicLong();
    final AtomicLong untouchedBound = new AtomicLong();
    final AtomicLong sourceSkips = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> failures = new ConcurrentHashMap<>();

    /** Counts a failed connect by errno; also from connect.unix, for a connect it finished after the router returned. */
    public void failed(String errno) {
        failures.computeIfAbsent(errno, name -> new AtomicLong()).incrementAndGet();
    }

    public long matched() {
        return matched.get();
    }

    public long rewritten() {
        return rewritten.get();
    }

    public long fallbacks() {
        return fallbacks.get();
    }

    /** Matching connects left alone because the application had bound the socket itself. */
    public long untouchedBound() {
        return untouchedBound.get();
    }

    /** Source addresses skipped because they could not be bound. */
    public long sourceSkips() {
        return sourceSkips.get();
    }

    public long failures() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Map<String, Long> failuresByErrno() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((errno, count) -> copy.put(errno, count.get()));
        return copy;
    }
}
