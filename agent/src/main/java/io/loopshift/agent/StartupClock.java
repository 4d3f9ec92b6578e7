package io.loopshift.agent;

/** Times the phases of the agent's start-up, for the debug log and the start-up benchmark. */
final class StartupClock {
    private final long start = System.nanoTime();
    private long last = start;
    private final StringBuilder laps = new StringBuilder();

    void lap(String phase) {
        long now = System.nanoTime();
        laps.append(laps.length() == 0 ? "" : ", ").append(phase).append(' ');
        appendMillis(laps, now - last).append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return appendMillis(new StringBuilder(), System.nanoTime() - start).append(" ms (").append(laps).append(')').toString();
    }

    /**
     * Milliseconds with one decimal, "8.8", in integer arithmetic: appending a double would load
     * and run the JDK's floating-point formatting inside premain at every lap.
     */
    static StringBuilder appendMillis(StringBuilder text, long nanos) {
        long tenths = nanos / 100_000;
        return text.append(tenths / 10).append('.').append(tenths % 10);
    }
}
