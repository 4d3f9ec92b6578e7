package io.loopshift.agent.metrics;

import io.loopshift.agent.connect.ActiveRoute;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.log.AgentLog;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code loopshift.summary=60s}: a daemon thread that prints one line of counters per route at
 * that interval, with the change since the previous line in brackets, for users who scrape no
 * JMX. Reads the same counters as the MXBeans; the connect path does nothing for it.
 */
public final class SummaryPrinter implements Runnable {
    private final ConnectRouter router;
    private volatile Duration interval;
    /** The counters last printed per route; a replaced route table starts afresh. */
    private final Map<ActiveRoute, long[]> previous = new IdentityHashMap<>();

    private SummaryPrinter(ConnectRouter router, Duration interval) {
        this.router = router;
        this.interval = interval;
    }

    /** Starts the printer, or returns null when no interval is set. */
    public static SummaryPrinter startIfWanted(ConnectRouter router, Duration interval) {
        if (interval == null) {
            return null;
        }
        SummaryPrinter printer = new SummaryPrinter(router, interval);
        Thread thread = new Thread(printer, "loopshift-summary");
        thread.setDaemon(true);
        thread.start();
        return printer;
    }

    /** A later attach may change the interval; null stops the printing. */
    public void interval(Duration newInterval) {
        interval = newInterval;
    }

    @Override
    public void run() {
        Duration current;
        while ((current = interval) != null) {
            LockSupport.parkNanos(current.toNanos());
            if (interval != null) {
                printOnce();
            }
        }
    }

    void printOnce() {
        Map<ActiveRoute, long[]> seen = new IdentityHashMap<>();
        for (ActiveRoute route : router.table().routes()) {
            RouteMetrics metrics = route.metrics();
            long[] now = {metrics.matched(), metrics.rewritten(), metrics.fallbacks(), metrics.failures()};
            long[] before = previous.getOrDefault(route, new long[now.length]);
            AgentLog.summary(route.name() + ": matched " + counter(now[0], before[0]) + ", rewritten " + counter(now[1], before[1])
                    + ", fallbacks " + counter(now[2], before[2]) + ", failures " + counter(now[3], before[3])
                    + (now[3] > 0 ? " " + metrics.failuresByErrno() : ""));
            seen.put(route, now);
        }
        previous.clear();
        previous.putAll(seen);
    }

    private static String counter(long now, long before) {
        return now + " (+" + (now - before) + ")";
    }
}
