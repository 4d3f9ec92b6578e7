package io.loopshift.agent.netty;

import io.loopshift.agent.connect.unix.BacklogDeferral;
import io.loopshift.agent.connect.unix.PendingUnixConnect;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retries a Netty connect whose Unix socket's backlog was full as tasks on the channel's own event
 * loop, so the loop never sleeps and the retry cannot race the channel's close (both run on that
 * thread). The loop is found by name, as everything in Netty: {@code ThreadExecutorMap.currentExecutor()}
 * of the socket's Netty (4.1 and 4.2, under any relocation prefix), an executor that is also a
 * {@link ScheduledExecutorService}. A pause that doubles from 50 µs up to 10 ms between attempts,
 * as a JDK connect waits. When the connect is done with a failure, it is kept by descriptor
 * number and socket object for {@link #failureOf}, which Netty's finishConnect then throws.
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
                Class<?> map = Class.forName(prefix + "io.netty.util.internal.ThreadExecutorMap", false, socketClass.getClassLoader());
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

    /** @param failureSink {@code (Throwable)void}: where a bug in a retry is counted, as every handler failure */
    NettyBacklogRetries(MethodHandle failureSink) {
        this.failureSink = failureSink;
    }

    @Override
    public boolean canDefer(Object owner) {
        return eventLoop(owner) != null;
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
