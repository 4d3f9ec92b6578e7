package io.loopshift.agent;

/** Times the phases of the agent's start-up, for the debug log and the start-up benchmark. */
final class StartupClock {
    private final long start = System.nanoTime();
    private long last = start;
    private final StringBuilder laps = new StringBuilder();

    void lap(String phase) {
        long now = System.nanoTime();
        laps.append(laps.length() == 0 ? "" : ", ").append(phase).append(' ').append((now - last) / 100_000 / 10.0).append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return (System.nanoTime() - start) / 100_000 / 10.0 + " ms (" + laps + ")";
    }
}
