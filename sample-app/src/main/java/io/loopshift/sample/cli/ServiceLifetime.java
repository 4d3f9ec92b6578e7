package io.loopshift.sample.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a service (backend, proxy) running until it is told to stop, then runs its stop action
 * exactly once: on Ctrl-C or SIGTERM (a shutdown hook), after {@code --max-seconds}, or, with
 * {@code --until-stdin-closes}, when standard input reaches its end. The last is how the demo
 * stops its children, and why a killed demo never leaves a backend or proxy behind: its pipes
 * close with it.
 */
public final class ServiceLifetime {
    public static final String UNTIL_STDIN_CLOSES = "until-stdin-closes";
    public static final String MAX_SECONDS = "max-seconds";

    private final boolean untilStdinCloses;
    private final int maxSeconds;

    private ServiceLifetime(boolean untilStdinCloses, int maxSeconds) {
        this.untilStdinCloses = untilStdinCloses;
        this.maxSeconds = maxSeconds;
    }

    public static ServiceLifetime from(Options options) throws UsageException {
        return new ServiceLifetime(options.flag(UNTIL_STDIN_CLOSES), options.integer(MAX_SECONDS, 0, 0, 86_400));
    }

    /** Blocks until a stop is asked for, then runs {@code onStop} (once, even if a signal comes too). */
    public void runUntilStopped(Runnable onStop) throws InterruptedException {
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable once = () -> {
            if (stopped.compareAndSet(false, true)) {
                onStop.run();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(once, "stop"));
        CountDownLatch stop = new CountDownLatch(1);
        if (untilStdinCloses) {
            Thread watcher = new Thread(() -> {
                drain(System.in);
                stop.countDown();
            }, "stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        if (maxSeconds > 0) {
            stop.await(maxSeconds, TimeUnit.SECONDS);
        } else {
            stop.await();
        }
        once.run();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException closed) {
            // A broken pipe is an end as well.
        }
    }
}
