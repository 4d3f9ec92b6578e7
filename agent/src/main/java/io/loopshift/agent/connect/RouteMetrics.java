package io.loopshift.agent.connect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one route, updated without locks on the connect path. */
public final class RouteMetrics {
    final LongAdder matched = new LongAdder();
    public final LongAdder rewritten = new LongAdder();
    public final LongAdder fallbacks = new LongAdder();
    final LongAdder untouchedBound = new LongAdder();
    final LongAdder sourceSkips = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** Counts a failed connect by errno; also from connect.unix, for a connect it finished after the router returned. */
    public void failed(String errno) {
        failures.computeIfAbsent(errno, name -> new LongAdder()).increment();
    }

    public long matched() {
        return matched.sum();
    }

    public long rewritten() {
        return rewritten.sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    /** Matching connects left alone because the application had bound the socket itself. */
    public long untouchedBound() {
        return untouchedBound.sum();
    }

    /** Source addresses skipped because they could not be bound. */
    public long sourceSkips() {
        return sourceSkips.sum();
    }

    public long failures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> failuresByErrno() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((errno, count) -> copy.put(errno, count.sum()));
        return copy;
    }
}
