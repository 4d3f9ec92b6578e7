package io.loopshift.agent.startup;

import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.AgentLog;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * What premain leaves to a thread of its own, so that the application's main does not wait for
 * it: the lookups of the JDK calls that only a rewritten connect makes, then (with pool routes)
 * the pool check. Routed connects wait until {@code done} runs, so none is rewritten before the
 * calls it needs were found, or with a route the check drops; connects no route matches never
 * wait.
 */
public final class AfterPremainCheck implements Runnable {
    /** What the runtime does with the check's findings. */
    public interface Findings {
        /** The calls a rewrite needs could not be looked up: from now on no connect may be rewritten. */
        void rewriteCallsMissing(Throwable failure) throws Exception;

        /** The routes the pool check kept. */
        void usableRoutes(List<Route> usable) throws Exception;
    }

    private final Runnable lookUpRewriteCalls;
    /** Null when the routes were checked in premain already. */
    private final Callable<List<Route>> routeCheck;
    private final Findings findings;
    private final Runnable done;

    public AfterPremainCheck(Runnable lookUpRewriteCalls, Callable<List<Route>> routeCheck, Findings findings, Runnable done) {
        this.lookUpRewriteCalls = lookUpRewriteCalls;
        this.routeCheck = routeCheck;
        this.findings = findings;
        this.done = done;
    }

    /** Runs the check on a daemon thread, which the JVM does not wait for at exit. */
    public void start() {
        Thread checker = new Thread(this, "loopshift-route-check");
        checker.setDaemon(true);
        checker.start();
    }

    @Override
    public void run() {
        try {
            if (rewriteCallsFound() && routeCheck != null) {
                checkRoutes();
            }
        } finally {
            done.run();
        }
    }

    private boolean rewriteCallsFound() {
        try {
            lookUpRewriteCalls.run();
            return true;
        } catch (Throwable missing) {
            try {
                findings.rewriteCallsMissing(missing);
            } catch (Throwable failure) {
                AgentLog.error("could not stop rewriting after the JDK's socket calls were not found (" + failure + ")");
            }
            return false;
        }
    }

    private void checkRoutes() {
        try {
            findings.usableRoutes(routeCheck.call());
        } catch (Throwable failure) {
            AgentLog.warn("the start-up route check failed (" + failure + "); the routes stay as configured");
        }
    }
}
