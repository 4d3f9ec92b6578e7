package io.loopshift.agent.connect;

import io.loopshift.agent.log.AgentLog;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures inside the agent's own handlers: counted in the hooks class (where the JDK's code
 * catches them), logged here and read by the JMX counters. The first is logged at WARN with its
 * stack trace; later ones as a running count at 2, 4, 8, ... so a bug on every connect cannot
 * flood the application's log.
 */
public final class HandlerFailures {
    /** For a router without a hooks class (benchmarks, unit tests): counts here only. */
    public static final HandlerFailures LOCAL = new HandlerFailures(null, null, null);

    private final MethodHandle record;
    private final AtomicLong count;
    private final MethodHandle last;

    private HandlerFailures(MethodHandle record, AtomicLong count, MethodHandle last) {
        this.record = record;
        this.count = count != null ? count : new AtomicLong();
        this.last = last;
    }

    /** Reads and reports through the hooks class defined in java.base. */
    public static HandlerFailures of(Class<?> hooks, MethodHandles.Lookup hooksLookup) throws ReflectiveOperationException {
        MethodHandle record = hooksLookup.findStatic(hooks, "recordFailure", MethodType.methodType(void.class, Throwable.class));
        AtomicLong count = failureCount(hooksLookup.findStaticGetter(hooks, "HANDLER_FAILURES", AtomicLong.class));
        MethodHandle last = hooksLookup.findStaticGetter(hooks, "lastHandlerFailure", Throwable.class);
        return new HandlerFailures(record, count, last);
    }

    /** Through a handle, not {@code Field.get}: since JDK 18 the first reflective field access costs milliseconds. */
    private static AtomicLong failureCount(MethodHandle getter) {
        try {
            return (AtomicLong) getter.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** {@code (Throwable)void} that counts a failure in the hooks class and reports it; null for {@link #LOCAL}. */
    public MethodHandle recordHandle() {
        return record;
    }

    /** The report slot's handler, {@code (Throwable, long)void}. */
    public MethodHandle reportHandle() throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(HandlerFailures.class, "report", MethodType.methodType(void.class, Throwable.class, long.class));
    }

    static void report(Throwable bug, long count) {
        if (count == 1) {
            AgentLog.warn("a bug inside the agent's socket handlers (counted in JMX loopshift:type=Total HandlerFailures);"
                    + " the JDK's own code carried on where the socket was untouched. Please report it:", bug);
        } else if (logsCount(count)) {
            AgentLog.warn(count + " bugs inside the agent's socket handlers so far; the last: " + bug);
        }
    }

    /** Whether a later failure is logged: at 2, 4, 8, ... failures. */
    static boolean logsCount(long count) {
        return count > 1 && Long.bitCount(count) == 1;
    }

    public long count() {
        return count.get();
    }

    /** The last failure as text, or "" when there was none. */
    public String last() {
        if (last == null) {
            return "";
        }
        try {
            Throwable bug = (Throwable) last.invokeExact();
            return bug == null ? "" : bug.toString();
        } catch (Throwable unreadable) {
            return "unreadable: " + unreadable;
        }
    }

    /**
     * For a connector that failed with a bug after it may have changed the socket: counts and
     * reports it, and returns the IOException that fails the connect, naming the bug.
     */
    public IOException connectFailed(String routeName, Throwable bug) {
        if (record != null) {
            try {
                record.invokeExact(bug);
            } catch (Throwable reportFailed) {
                count.incrementAndGet();
            }
        } else {
            count.incrementAndGet();
            report(bug, count.get());
        }
        return new IOException("loopshift: bug in " + routeName + " after it changed the socket, so this connect fails rather than"
                + " run on a socket in an unknown state: " + bug, bug);
    }
}
