package io.loopshift.it.apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Counts two failures through the hooks class's own entry, {@code LoopshiftHooks.recordFailure},
 * the one the agent uses when a connector fails with a bug after it changed a socket; then reads
 * them back from JMX ({@code loopshift:type=Total}, registered about two seconds after start-up)
 * and prints {@code JMX handlerFailures=N last=...}. The package is open to this class loader's
 * module only because the tests' report agent opened it.
 */
public final class HandlerFailureCheck {
    public static void main(String[] args) throws Exception {
        Class<?> hooks = Class.forName("sun.nio.ch.LoopshiftHooks", false, null);
        hooks.getMethod("recordFailure", Throwable.class).invoke(null, new IllegalStateException("first test failure"));
        hooks.getMethod("recordFailure", Throwable.class).invoke(null, new IllegalStateException("second test failure"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName total = new ObjectName("loopshift:type=Total");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!server.isRegistered(total) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.println("JMX handlerFailures=" + server.getAttribute(total, "HandlerFailures")
                + " last=" + String.valueOf(server.getAttribute(total, "LastHandlerFailure")).replace(' ', '_'));
    }
}
