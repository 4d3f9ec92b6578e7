package io.loopshift.agent.listen;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one listen rule, updated without locks on the bind and accept paths. */
public final class ListenMetrics {
    final LongAdder bound = new LongAdder();
    final LongAdder bindFailures = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder acceptFailures = new LongAdder();
    private final LongAdder notCovered = new LongAdder();

    /** Server sockets that this rule put on a Unix socket. */
    public long bound() {
        return bound.sum();
    }

    /** Binds this rule matched but could not carry out (socket in use, no permission, missing directory). */
    public long bindFailures() {
        return bindFailures.sum();
    }

    public long accepted() {
        return accepted.sum();
    }

    /** Server sockets of a transport loopshift.listen does not cover (Netty's native ones) that this rule matched; they stay on TCP. */
    public long notCovered() {
        return notCovered.sum();
    }

    public void countNotCovered() {
        notCovered.increment();
    }

    /** Accepts that failed with an error (not "nothing pending" or a signal). */
    public long acceptFailures() {
        return acceptFailures.sum();
    }
}
