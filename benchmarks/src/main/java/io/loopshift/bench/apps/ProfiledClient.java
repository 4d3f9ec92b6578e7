package io.loopshift.bench.apps;

import one.profiler.AsyncProfiler;

import java.util.Arrays;

/**
 * For {@code benchmarks/run --profile}: runs a client program and samples its CPU with
 * async-profiler for a window in its steady state (after the warm-up), writing collapsed stacks.
 * Arguments: {@code outputFile delayMs durationMs mainClass [its arguments...]}.
 */
public final class ProfiledClient {
    private ProfiledClient() {
    }

    public static void main(String[] args) throws Exception {
        String output = args[0];
        long delay = Long.parseLong(args[1]);
        long duration = Long.parseLong(args[2]);
        Class<?> main = Class.forName(args[3]);
        String[] rest = Arrays.copyOfRange(args, 4, args.length);
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        Thread client = new Thread(() -> {
            try {
                main.getMethod("main", String[].class).invoke(null, (Object) rest);
            } catch (ReflectiveOperationException failure) {
                failure.printStackTrace();
            }
        }, "main-of-" + main.getSimpleName());
        client.start();
        Thread.sleep(delay);
        profiler.execute("start,event=cpu,interval=1ms");
        Thread.sleep(duration);
        profiler.execute("stop,file=" + output + ",collapsed");
        System.out.println("PROFILED ms=" + duration);
        client.join();
    }
}
