package io.loopshift.agent.connect;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a start-up check without giving up on an interrupt (the caller's thread keeps its
 * interrupt flag), at most a bounded time: an application thread must never hang on the agent.
 */
public final class BoundedWait {
    private BoundedWait() {
    }

    /** True when the check was done in time. */
    public static boolean await(CountDownLatch check, long seconds) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return check.await(seconds, TimeUnit.SECONDS);
                } catch (InterruptedException keepWaiting) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
