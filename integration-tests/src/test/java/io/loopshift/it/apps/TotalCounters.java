package io.loopshift.it.apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/** The agent's {@code loopshift:type=Total} MXBean as the application sees it in its own platform MBean server. */
final class TotalCounters {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName total;

    private TotalCounters() throws Exception {
        total = new ObjectName("loopshift:type=Total");
    }

    /** Waits for the agent to register its MXBeans (a moment after start-up). */
    static TotalCounters await() throws Exception {
        TotalCounters counters = new TotalCounters();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!counters.server.isRegistered(counters.total)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("loopshift MXBeans never registered");
            }
            Thread.sleep(50);
        }
        return counters;
    }

    long get(String attribute) throws Exception {
        return ((Number) server.getAttribute(total, attribute)).longValue();
    }

    /** The pool's counters: {@code kept=.. reused=.. dupFailures=..}. */
    String pool() throws Exception {
        return "kept=" + get("TcpSocketPoolSize") + " reused=" + get("TcpSocketPoolReused") + " dupFailures=" + get("TcpSocketPoolDupFailures");
    }
}
