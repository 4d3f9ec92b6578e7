package io.loopshift.sample.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in logarithmic buckets 4% wide, from 1 microsecond to 100 seconds: constant memory
 * however many requests a run makes, and percentiles within 4%, plenty for p50 and p99.
 */
public final class LatencyHistogram {
    private static final double GROWTH = 1.04;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BUCKETS = (int) Math.ceil(Math.log(100_000_000.0) / LOG_GROWTH) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        double micros = Math.max(1.0, nanos / 1000.0);
        int bucket = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / LOG_GROWTH));
        counts.incrementAndGet(bucket);
    }

    public long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The latency in milliseconds below which {@code percent} of the recorded values lie (bucket upper bound), or 0 if empty. */
    public double percentileMillis(double percent) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.pow(GROWTH, i) / 1000.0;
            }
        }
        return Math.pow(GROWTH, BUCKETS - 1) / 1000.0;
    }
}
