package io.loopshift.agent.netty;

import io.loopshift.agent.connect.unix.BacklogDeferral;
import io.loopshift.agent.connect.unix.PendingUnixConnect;
import io.loopshift.agent.log.AgentLog;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retries a Netty connect whose Unix socket's backlog was full as tasks on the channel's own event
 * loop, so the loop never sleeps and the retry cannot race the channel's close (both run on that
 * thread). The loop is found by name, as everything in Netty: {@code ThreadExecutorMap.currentExecutor()}
 * of the socket's Netty (4.1 and 4.2, under any relocation prefix), an executor that is also a
 * {@link ScheduledExecutorService}. A pause that doubles from 50 µs up to 10 ms between attempts,
 * as a JDK connect waits. When the connect is done with a failure, it is kept by descriptor
 * number and socket object for {@link #failureOf}, which Netty's finishConnect then throws; a bug
 * inside a retry is counted as a handler failure and fails the connect that way at once.
 */
final class NettyBacklogRetries implements BacklogDeferral {
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final MethodType CURRENT_EXECUTOR = MethodType.methodType(Object.class);

    /** The current-executor lookup of the Netty a socket class belongs to; null where that Netty has none. */
    private static final ClassValue<MethodHandle> EVENT_LOOP = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> socketClass) {
            String name = socketClass.getName();
            String prefix = name.substring(0, name.indexOf("io.netty.channel."));
            try {
                Class<?> map = Class.forName(executorMapName(socketClass), false, socketClass.getClassLoader());
                MethodHandle current = MethodHandles.publicLookup().findStatic(map, "currentExecutor",
                        MethodType.methodType(Class.forName(prefix + "io.netty.util.concurrent.EventExecutor", false, socketClass.getClassLoader())));
                return current.asType(CURRENT_EXECUTOR);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError absent) {
                return null;
            }
        }
    };

    private final MethodHandle failureSink;
    private final ConcurrentHashMap<Integer, PendingUnixConnect> failed = new ConcurrentHashMap<>();
    private final AtomicLong withoutRetries = new AtomicLong();

    /** @param failureSink {@code (Throwable)void}: where a bug in a retry is counted, as every handler failure */
    NettyBacklogRetries(MethodHandle failureSink) {
        this.failureSink = failureSink;
    }

    @Override
    public boolean canDefer(Object owner) {
        if (EVENT_LOOP.get(owner.getClass()) == null) {
            noExecutorMap(owner.getClass());
            return false;
        }
        return eventLoop(owner) != null;
    }

    /** Where a socket's Netty tells the current event loop: its ThreadExecutorMap, under the socket's relocation prefix. */
    private static String executorMapName(Class<?> socketClass) {
        String name = socketClass.getName();
        return name.substring(0, name.indexOf("io.netty.channel.")) + "io.netty.util.internal.ThreadExecutorMap";
    }

    /** A Netty whose event loop cannot be found: its connects get the short wait of any non-blocking channel instead. */
    private void noExecutorMap(Class<?> socketClass) {
        if (withoutRetries.incrementAndGet() == 1) {
            AgentLog.warn(executorMapName(socketClass) + " was not found for " + socketClass.getName() + " (a relocated or unusual Netty):"
                    + " a unix: connect of its channels that meets a full Unix backlog waits at most 10 ms on the event loop and then counts"
                    + " as an unavailable Unix socket (loopshift.fallback), instead of being retried on the event loop until Netty's connect"
                    + " timeout. Counted in JMX loopshift:type=Total NettyConnectsWithoutBacklogRetries. Warned once.");
        }
    }

    /** Netty connects on a {@code unix:} route whose Netty has no ThreadExecutorMap to defer a full backlog to, since start. */
    long connectsWithoutRetries() {
        return withoutRetries.get();
    }

    @Override
    public void defer(PendingUnixConnect pending) {
        ScheduledExecutorService loop = eventLoop(pending.owner());
        if (loop == null) {
            throw new IllegalStateException("not on a Netty event loop");
        }
        new Retry(loop, pending).schedule();
    }

    /** The failure a deferred connect of this socket ended with, once: what its finishConnect throws. */
    IOException failureOf(int number, Object socket) {
        if (failed.isEmpty()) {
            return null;
        }
        PendingUnixConnect pending = failed.get(number);
        // Another socket's (closed, its number reused) is dropped too: no one can take it any more.
        if (pending == null || !failed.remove(number, pending) || pending.owner() != socket) {
            return null;
        }
        return pending.failure();
    }

    private static ScheduledExecutorService eventLoop(Object socket) {
        MethodHandle current = EVENT_LOOP.get(socket.getClass());
        if (current == null) {
            return null;
        }
        try {
            Object executor = (Object) current.invokeExact();
            return executor instanceof ScheduledExecutorService loop ? loop : null;
        } catch (Throwable notNetty) {
            return null;
        }
    }

    private final class Retry implements Runnable {
        private final ScheduledExecutorService loop;
        private final PendingUnixConnect pending;
        private final int number;
        private long pause = FIRST_PAUSE_NANOS;

        Retry(ScheduledExecutorService loop, PendingUnixConnect pending) {
            this.loop = loop;
            this.pending = pending;
            try {
                this.number = NettySockets.number(pending.owner());
            } catch (Throwable notNetty) {
                throw new IllegalStateException(notNetty);
            }
        }

        void schedule() {
            loop.schedule(this, pause, TimeUnit.NANOSECONDS);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }

        @Override
        public void run() {
            try {
                if (!NettySockets.isOpen(pending.owner())) {
                    pending.abandon();
                    return;
                }
                if (!pending.attempt()) {
                    schedule();
                    return;
                }
                if (pending.failure() != null) {
                    failed.put(number, pending);
                }
            } catch (Throwable bug) {
                report(bug);
                failNow(bug);
            }
        }

        /**
         * A bug must not leave the connect to Netty's connect timeout, or waiting for ever without
         * one: it fails now, naming the bug, as a {@code loopshift.fallback=fail} connect does.
         */
        private void failNow(Throwable bug) {
            try {
                if (!NettySockets.isOpen(pending.owner())) {
                    pending.abandon();
                } else if (pending.failBecauseOf(bug)) {
                    failed.put(number, pending);
                }
            } catch (Throwable undoFailed) {
                report(undoFailed);
            }
        }

        private void report(Throwable bug) {
            try {
                failureSink.invokeExact(bug);
            } catch (Throwable sinkFailed) {
                // Counted by the sink when it works; a retry must never throw into Netty's event loop.
            }
        }
    }
}
