package io.loopshift.bench.jmh;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link DecisionBench} with the GC profiler and prints one line per benchmark and routes
 * parameter for the driver: {@code DECISION bench=matchMiss routes=one ns=4.1 ns_min=4.0
 * ns_max=4.4 bytes=0.00 iterations=10}, the median and range over all measurement iterations of
 * all forks. Argument {@code --quick}: one short fork per benchmark.
 */
public final class DecisionMain {
    private DecisionMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DecisionBench.class.getName())
                .addProfiler(GCProfiler.class)
                // The agent opens sun.nio.ch to itself at start-up; here its classes are on the class path.
                .jvmArgs("-Xms256m", "-Xmx256m", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .shouldFailOnError(true);
        if (quick) {
            options.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(300));
        } else {
            options.forks(2).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            Collections.sort(scores);
            int n = scores.size();
            double median = n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
            @SuppressWarnings("rawtypes")
            Result alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            String name = result.getParams().getBenchmark();
            System.out.println(String.format(Locale.ROOT, "DECISION bench=%s routes=%s ns=%.2f ns_min=%.2f ns_max=%.2f bytes=%.3f iterations=%d",
                    name.substring(name.lastIndexOf('.') + 1), result.getParams().getParam("routes"), median, scores.get(0), scores.get(n - 1),
                    alloc == null ? Double.NaN : alloc.getScore(), n));
        }
    }
}
