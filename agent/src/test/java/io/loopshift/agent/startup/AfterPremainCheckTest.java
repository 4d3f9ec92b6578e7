package io.loopshift.agent.startup;

import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.CapturedLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check premain leaves to a thread: whatever it finds, routed connects are let go at its end
 * (a connect left waiting would hang the application); a self-test that fails, or JDK calls that
 * are missing, take the start back before anything reports it as working or the route check
 * could apply a route.
 */
class AfterPremainCheckTest {
    private final List<String> happened = new ArrayList<>();

    @Test
    void aProvenStartStartsReportingThenChecksTheRoutes() {
        new AfterPremainCheck(new Recorder(), true).run();
        assertEquals(List.of("self-test", "looked up", "started", "routes checked", "usable routes", "done"), happened);
    }

    @Test
    void withoutARouteCheckTheStartIsOnlyProven() {
        new AfterPremainCheck(new Recorder(), false).run();
        assertEquals(List.of("self-test", "looked up", "started", "done"), happened);
    }

    @Test
    void aSelfTestThatIsNotReachedTakesTheStartBack() {
        Recorder steps = new Recorder() {
            @Override
            public boolean selfTest() {
                happened.add("self-test");
                return false;
            }
        };
        new AfterPremainCheck(steps, true).run();
        assertEquals(List.of("self-test", "start failed", "done"), happened);
        assertEquals(AfterPremainCheck.NOT_REACHED, steps.failure.getMessage());
    }

    @Test
    void missingJdkCallsTakeTheStartBackBeforeReportingOrTheRouteCheck() {
        NoSuchMethodError missing = new NoSuchMethodError("sun.nio.ch.Net.localPort");
        Recorder steps = new Recorder() {
            @Override
            public void lookUpRewriteCalls() {
                throw missing;
            }
        };
        new AfterPremainCheck(steps, true).run();
        assertSame(missing, steps.failure);
        assertEquals(List.of("self-test", "start failed", "done"), happened);
    }

    @Test
    void aFailedRouteCheckKeepsTheRoutesAndIsWarnedAbout() {
        Recorder steps = new Recorder() {
            @Override
            public List<Route> checkRoutes() {
                throw new IllegalStateException("no pool");
            }
        };
        try (CapturedLog log = new CapturedLog()) {
            new AfterPremainCheck(steps, true).run();
            assertEquals(List.of("self-test", "looked up", "started", "done"), happened);
            assertEquals(1, log.lines("the start-up route check failed (java.lang.IllegalStateException: no pool); the routes stay as configured").size());
        }
    }

    @Test
    void aFailureToTakeTheStartBackIsLoggedAndConnectsAreStillLetGo() {
        Recorder steps = new Recorder() {
            @Override
            public boolean selfTest() {
                throw new IllegalStateException("no selector provider");
            }

            @Override
            public void startFailed(Throwable failure) {
                throw new IllegalStateException("slots");
            }
        };
        try (CapturedLog log = new CapturedLog()) {
            new AfterPremainCheck(steps, true).run();
            assertEquals(List.of("done"), happened);
            assertEquals(1, log.lines("ERROR could not take the failed start back (java.lang.IllegalStateException: slots) after: "
                    + "java.lang.IllegalStateException: no selector provider").size());
        }
    }

    @Test
    void theCheckRunsOnADaemonThreadOfItsOwn() throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        Recorder steps = new Recorder() {
            @Override
            public boolean selfTest() {
                threads.add(Thread.currentThread());
                return true;
            }

            @Override
            public void done() {
                finished.countDown();
            }
        };
        new AfterPremainCheck(steps, false).start();
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        assertEquals("loopshift-route-check", threads.get(0).getName());
        assertTrue(threads.get(0).isDaemon(), "the JVM must not wait for the check at exit");
    }

    private class Recorder implements AfterPremainCheck.Steps {
        Throwable failure;

        @Override
        public boolean selfTest() {
            happened.add("self-test");
            return true;
        }

        @Override
        public void lookUpRewriteCalls() {
            happened.add("looked up");
        }

        @Override
        public void started() {
            happened.add("started");
        }

        @Override
        public void startFailed(Throwable failure) {
            this.failure = failure;
            happened.add("start failed");
        }

        @Override
        public List<Route> checkRoutes() {
            happened.add("routes checked");
            return List.of();
        }

        @Override
        public void usableRoutes(List<Route> usable) {
            happened.add("usable routes");
        }

        @Override
        public void done() {
            happened.add("done");
        }
    }
}
