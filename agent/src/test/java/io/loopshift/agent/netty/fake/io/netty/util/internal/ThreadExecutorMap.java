package io.loopshift.agent.netty.fake.io.netty.util.internal;

import io.loopshift.agent.netty.fake.io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Netty's map from thread to event loop, under a relocation prefix, with one single-threaded loop
 * whose thread it answers for, as Netty's does for its own loops.
 */
public final class ThreadExecutorMap {
    private static final ThreadLocal<EventExecutor> CURRENT = new ThreadLocal<>();

    private ThreadExecutorMap() {
    }

    public static EventExecutor currentExecutor() {
        return CURRENT.get();
    }

    /** A new loop: one thread that knows itself as the current executor. */
    public static EventExecutor newLoop() {
        Loop loop = new Loop();
        loop.setThreadFactory(task -> new Thread(() -> {
            CURRENT.set(loop);
            task.run();
        }, "fake-event-loop"));
        return loop;
    }

    private static final class Loop extends ScheduledThreadPoolExecutor implements EventExecutor {
        Loop() {
            super(1);
        }
    }
}
