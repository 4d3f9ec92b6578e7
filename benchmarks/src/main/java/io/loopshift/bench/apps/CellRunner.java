package io.loopshift.bench.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs one cell: {@code threads} threads repeat a unit of work until a deadline or a count, and
 * the cell reports completed units, failed units and the elapsed time. Every loop is bounded both
 * in time and in count.
 */
final class CellRunner {
    /** Units of work per thread per cell at most, whatever the duration. */
    static final long MAX_UNITS_PER_THREAD = 50_000_000L;

    /** One thread's repeated work; returns the units it completed (round trips, or bytes). */
    interface Work {
        long once() throws Exception;

        /** Called once when the thread stops, e.g. to close a persistent connection. */
        default void finish() {
        }
    }

    /** {@code cpuNanos}: CPU time of the whole JVM (client, server, JIT, GC) during the cell. */
    record Outcome(long units, long errors, long nanos, long cpuNanos, String firstError) {
        String line(String cell) {
            return "RESULT " + cell + " ops=" + units + " nanos=" + nanos + " cpu_nanos=" + cpuNanos + " errors=" + errors + " first_error=" + firstError;
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private CellRunner() {
    }

    static Outcome run(Supplier<Work> factory, int threads, long nanos, long pauseAfterErrorMillis) throws InterruptedException {
        LongAdder units = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>("none");
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] startHolder = new long[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                Work work;
                try {
                    work = factory.get();
                } catch (RuntimeException failure) {
                    firstError.compareAndSet("none", describe(failure));
                    errors.increment();
                    ready.countDown();
                    return;
                }
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException stop) {
                    return;
                }
                long deadline = startHolder[0] + nanos;
                long done = 0;
                long failed = 0;
                for (long i = 0; i < MAX_UNITS_PER_THREAD && System.nanoTime() < deadline; i++) {
                    try {
                        done += work.once();
                    } catch (Exception failure) {
                        failed++;
                        firstError.compareAndSet("none", describe(failure));
                        if (pauseAfterErrorMillis > 0) {
                            sleep(pauseAfterErrorMillis);
                        }
                    }
                }
                work.finish();
                units.add(done);
                errors.add(failed);
            }, "client-" + t);
            workers[t].start();
        }
        ready.await();
        long cpuStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        startHolder[0] = start;
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        return new Outcome(units.sum(), errors.sum(), elapsed, OS.getProcessCpuTime() - cpuStart, firstError.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ":" + failure.getMessage();
        return text.replaceAll("\\s+", "_");
    }
}
