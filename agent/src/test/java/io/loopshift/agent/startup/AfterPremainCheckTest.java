package io.loopshift.agent.startup;

import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.CapturedLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check premain leaves to a thread: whatever it finds, routed connects are let go at its end
 * (a connect left waiting would hang the application), and JDK calls that are missing stop the
 * rewriting before the route check could apply anything.
 */
class AfterPremainCheckTest {
    private final List<String> happened = new ArrayList<>();
    private final Runnable done = () -> happened.add("done");

    @Test
    void missingJdkCallsStopRewritingAndSkipTheRouteCheck() {
        NoSuchMethodError missing = new NoSuchMethodError("sun.nio.ch.Net.localPort");
        Recorder findings = new Recorder();
        new AfterPremainCheck(() -> {
            throw missing;
        }, routeCheck(List.of()), findings, done).run();
        assertSame(missing, findings.missing);
        assertEquals(List.of("rewrite calls missing", "done"), happened);
    }

    @Test
    void foundJdkCallsLeadToTheRouteCheck() {
        Recorder findings = new Recorder();
        new AfterPremainCheck(() -> happened.add("looked up"), routeCheck(List.of()), findings, done).run();
        assertEquals(List.of("looked up", "routes checked", "usable routes", "done"), happened);
    }

    @Test
    void withoutARouteCheckOnlyTheLookupsRun() {
        new AfterPremainCheck(() -> happened.add("looked up"), null, new Recorder(), done).run();
        assertEquals(List.of("looked up", "done"), happened);
    }

    @Test
    void aFailedRouteCheckKeepsTheRoutesAndIsWarnedAbout() {
        try (CapturedLog log = new CapturedLog()) {
            new AfterPremainCheck(() -> { }, () -> {
                throw new IllegalStateException("no pool");
            }, new Recorder(), done).run();
            assertEquals(List.of("done"), happened);
            assertEquals(1, log.lines("the start-up route check failed (java.lang.IllegalStateException: no pool); the routes stay as configured").size());
        }
    }

    @Test
    void aFailureToStopIsLoggedAndConnectsAreStillLetGo() {
        Recorder failing = new Recorder() {
            @Override
            public void rewriteCallsMissing(Throwable failure) {
                throw new IllegalStateException("slots");
            }
        };
        try (CapturedLog log = new CapturedLog()) {
            new AfterPremainCheck(() -> {
                throw new NoSuchMethodError("x");
            }, null, failing, done).run();
            assertEquals(List.of("done"), happened);
            assertEquals(1, log.lines("ERROR could not stop rewriting after the JDK's socket calls were not found (java.lang.IllegalStateException: slots)").size());
        }
    }

    @Test
    void theCheckRunsOnADaemonThreadOfItsOwn() throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        new AfterPremainCheck(() -> threads.add(Thread.currentThread()), null, new Recorder(), finished::countDown).start();
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        assertEquals("loopshift-route-check", threads.get(0).getName());
        assertTrue(threads.get(0).isDaemon(), "the JVM must not wait for the check at exit");
    }

    private Callable<List<Route>> routeCheck(List<Route> usable) {
        return () -> {
            happened.add("routes checked");
            return usable;
        };
    }

    private class Recorder implements AfterPremainCheck.Findings {
        Throwable missing;

        @Override
        public void rewriteCallsMissing(Throwable failure) {
            missing = failure;
            happened.add("rewrite calls missing");
        }

        @Override
        public void usableRoutes(List<Route> usable) {
            happened.add("usable routes");
        }
    }
}
