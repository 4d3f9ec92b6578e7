package io.loopshift.sample.stats;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events per second since the clock started (at the first {@link #start()}), for timelines such as
 * the demo's chart. Bounded: events after {@link #MAX_SECONDS} are not counted.
 */
public final class PerSecondCounter {
    public static final int MAX_SECONDS = 3600;
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final AtomicLong origin;
    private final AtomicLongArray counts = new AtomicLongArray(MAX_SECONDS);

    public PerSecondCounter() {
        this(new AtomicLong(NOT_STARTED));
    }

    private PerSecondCounter(AtomicLong origin) {
        this.origin = origin;
    }

    /** A counter on the same clock as this one, so two timelines line up second by second. */
    public PerSecondCounter sameClock() {
        return new PerSecondCounter(origin);
    }

    /** Starts the clock if it is not running yet. */
    public void start() {
        origin.compareAndSet(NOT_STARTED, System.nanoTime());
    }

    public void increment() {
        start();
        int second = (int) ((System.nanoTime() - origin.get()) / 1_000_000_000L);
        if (second < MAX_SECONDS) {
            counts.incrementAndGet(second);
        }
    }

    /** Counts for every second from the start up to now (the last one still running). */
    public long[] snapshot() {
        long started = origin.get();
        if (started == NOT_STARTED) {
            return new long[0];
        }
        int seconds = (int) Math.min(MAX_SECONDS, (System.nanoTime() - started) / 1_000_000_000L + 1);
        long[] values = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            values[i] = counts.get(i);
        }
        return values;
    }

    /** {@code 12,0,0}: one token for a summary line. */
    public static String compact(long[] values) {
        StringBuilder text = new StringBuilder();
        for (long value : values) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(value);
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    public static long[] parse(String compact) {
        if (compact.equals("none") || compact.isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(compact.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
