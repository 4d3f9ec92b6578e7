package io.loopshift.sample.load;

import io.loopshift.sample.cli.HostPort;
import io.loopshift.sample.cli.Options;
import io.loopshift.sample.cli.UsageException;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code load}: sends at most {@code --requests} requests for at most {@code --seconds} seconds,
 * prints a progress line each second and a {@code LOAD} summary line at the end.
 */
public final class LoadCommand {
    public static final String USAGE = "load [--target 127.0.0.1:8080] [--path /hello] [--concurrency 4] [--requests 50000] [--seconds 10]";

    private LoadCommand() {
    }

    public static int run(String[] args) throws UsageException, InterruptedException {
        Options options = Options.parse("load", args, Set.of("target", "path", "concurrency", "requests", "seconds"), Set.of());
        HostPort target = options.hostPort("target", "127.0.0.1:8080");
        String path = options.string("path", "/hello");
        int concurrency = options.integer("concurrency", 4, 1, 256);
        int requests = options.integer("requests", 50_000, 1, 10_000_000);
        int seconds = options.integer("seconds", 10, 1, 600);
        System.out.printf("load: up to %,d requests in up to %d s to %s%s, %d keep-alive connections%n",
                requests, seconds, target, path, concurrency);
        LoadStats stats = new LoadStats();
        long start = System.nanoTime();
        stats.started();
        LoadGenerator generator = new LoadGenerator(target.socketAddress(), path, concurrency, requests,
                start + TimeUnit.SECONDS.toNanos(seconds), stats);
        Thread progress = new Thread(() -> printProgress(stats, start), "load-progress");
        progress.setDaemon(true);
        progress.start();
        generator.run();
        double elapsed = (System.nanoTime() - start) / 1e9;
        progress.interrupt();
        progress.join(1000);
        System.out.println(stats.summary(elapsed));
        return 0;
    }

    private static void printProgress(LoadStats stats, long start) {
        long second = 1;
        try {
            while (true) {
                long next = start + TimeUnit.SECONDS.toNanos(second);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                System.out.println(stats.progressLine(second));
                second++;
            }
        } catch (InterruptedException done) {
            // The run is over; the summary follows.
        }
    }
}
