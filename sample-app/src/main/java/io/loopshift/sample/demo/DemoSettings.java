package io.loopshift.sample.demo;

import io.loopshift.sample.cli.Options;
import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.process.JavaCommand;
import io.loopshift.sample.proxy.UpstreamKind;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/**
 * The demo's options, checked: every run is bounded in time and requests, and the agent jar exists.
 * Each run lasts {@code warmup + seconds}; its rate is measured over the last {@code seconds} only,
 * the same window in every run, so JVMs that are still warming up do not decide the comparison.
 */
record DemoSettings(UpstreamKind client, int ports, int warmup, int seconds, int concurrency, int requests, Path agent, Path chart, boolean verbose) {
    static final String USAGE = "demo [--client " + UpstreamKind.keys() + "] [--ports 1000] [--warmup 4] [--seconds 8] [--concurrency 4]"
            + " [--agent path/loopshift-agent.jar] [--chart path.svg] [--verbose]";

    static DemoSettings parse(String[] args) throws UsageException {
        Options options = Options.parse("demo", args, Set.of("client", "ports", "warmup", "seconds", "concurrency", "requests", "agent", "chart"),
                Set.of("verbose"));
        UpstreamKind client = UpstreamKind.parse(options.string("client", "socket"));
        if (client == null) {
            throw new UsageException("demo: --client must be one of " + UpstreamKind.keys());
        }
        return new DemoSettings(client,
                options.integer("ports", 1000, 50, 20_000),
                options.integer("warmup", 4, 0, 60),
                options.integer("seconds", 8, 2, 60),
                options.integer("concurrency", 4, 1, 64),
                options.integer("requests", 400_000, 1000, 10_000_000),
                AgentJar.locate(options.string("agent", null)),
                chartPath(options.string("chart", null)),
                options.flag("verbose"));
    }

    /** How long the load runs: warm-up, then the measured window. */
    int loadSeconds() {
        return warmup + seconds;
    }

    /** Next to the sample jar (its target directory) unless given, so a demo leaves nothing in the source tree. */
    private static Path chartPath(String explicit) {
        if (explicit != null) {
            return Paths.get(explicit);
        }
        Path jar = JavaCommand.sampleJar();
        return jar == null ? Paths.get("loopshift-demo.svg") : jar.getParent().resolve("loopshift-demo.svg");
    }
}
