package io.loopshift.agent.startup;

import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.AgentLog;
import io.loopshift.agent.security.Privileged;

import java.security.PrivilegedAction;
import java.util.List;

/**
 * What premain leaves to a thread of its own, so that the application's main does not wait for
 * it: the self-test that a connect reaches the woven hook, the lookups of the JDK calls that only
 * a rewritten connect makes, then (with pool routes) the pool check. Routed connects wait until
 * {@link Steps#done} runs, so none is rewritten before the hook was proven and the calls it needs
 * were found, or with a route the check drops; connects no route matches never wait.
 */
public final class AfterPremainCheck implements Runnable {
    /** The runtime's side of the check, one object so that premain loads one class for it. */
    public interface Steps {
        /** Proves that a connect reaches the agent; false when it did not. */
        boolean selfTest() throws Exception;

        /** Looks up the JDK calls a rewrite makes; throws when one is missing. */
        void lookUpRewriteCalls();

        /** The start is proven: what only a working agent shows (JMX, the summary) can begin. */
        void started() throws Exception;

        /** The self-test or a lookup failed: everything the start put in place is taken back. */
        void startFailed(Throwable failure) throws Exception;

        /** The pool check: the routes worth keeping. */
        List<Route> checkRoutes() throws Exception;

        /** The routes the pool check kept. */
        void usableRoutes(List<Route> usable) throws Exception;

        /** Lets routed connects go; runs whatever the check found. */
        void done();
    }

    /** Said when the self-test's connect ran without reaching the agent. */
    public static final String NOT_REACHED = "self-test: a connect to 127.0.0.1 did not reach the agent after instrumentation";

    private final Steps steps;
    private final boolean checkRoutes;

    /** @param checkRoutes false when the routes were checked in premain already */
    public AfterPremainCheck(Steps steps, boolean checkRoutes) {
        this.steps = steps;
        this.checkRoutes = checkRoutes;
    }

    /** Runs the check on a daemon thread, which the JVM does not wait for at exit. */
    public void start() {
        Thread checker = new Thread(this, "loopshift-route-check");
        checker.setDaemon(true);
        checker.start();
    }

    @Override
    public void run() {
        // Privileged throughout: the application may install a SecurityManager while this runs.
        Privileged.runAlways(new PrivilegedAction<Void>() {
            @Override
            public Void run() {
                check();
                return null;
            }
        });
    }

    private void check() {
        try {
            if (startProven() && checkRoutes) {
                checkRoutes();
            }
        } finally {
            steps.done();
        }
    }

    private boolean startProven() {
        try {
            if (!steps.selfTest()) {
                throw new IllegalStateException(NOT_REACHED);
            }
            steps.lookUpRewriteCalls();
            steps.started();
            return true;
        } catch (Throwable failure) {
            try {
                steps.startFailed(failure);
            } catch (Throwable undoing) {
                AgentLog.error("could not take the failed start back (" + undoing + ") after: " + failure);
            }
            return false;
        }
    }

    private void checkRoutes() {
        try {
            steps.usableRoutes(steps.checkRoutes());
        } catch (Throwable failure) {
            AgentLog.warn("the start-up route check failed (" + failure + "); the routes stay as configured");
        }
    }
}
