package io.loopshift.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 5, sustained rate under a small port range: in a fresh network namespace with 1,000
 * ephemeral ports and {@code tcp_tw_reuse=0}, two client threads churn with {@code java.net.Socket}
 * for 30 s, without the agent and with {@code source:} over a /24. Without the agent the range is
 * in TIME_WAIT (60 s) after 1,000 connections; with it each of 254 source addresses has its own
 * 1,000 ports per destination.
 */
final class SustainedFigure {
    private static final int FIRST_PORT = 40000;
    private static final int PORTS = 1000;
    private static final int THREADS = 2;
    private static final String ROTATED = "source: 127.0.1.0/24";
    private static final String ROTATED_ALL_TIME_WAIT = "source: 127.0.1.0/24, tcp_max_tw_buckets raised";
    /** Enough TIME_WAIT buckets for every four-tuple the /24 has (254 × 1,000): no connection skips TIME_WAIT. */
    private static final int ALL_TIME_WAIT_BUCKETS = 1 << 20;

    private SustainedFigure() {
    }

    static void run(Context context, Report report) throws Exception {
        if (!context.netns().available()) {
            report.section(5, "## 5. Sustained rate under a small port range\n\nNot run: no network namespace could be made ("
                    + context.netns().unavailableReason() + ").\n");
            report.notMeasured("5", "capacity with source: under 1,000 ports", "no network namespace");
            return;
        }
        int seconds = context.quick() ? 5 : 30;
        int rounds = context.quick() ? 1 : 2;
        int port = ChurnFigure.PORT;
        Map<String, List<String>> variants = new LinkedHashMap<>();
        String defaultBuckets = context.netns().fresh("net.ipv4.tcp_max_tw_buckets");
        String route = "loopshift.routes=127.0.0.1:" + port + "->source:127.0.1.0/24";
        variants.put("no agent", List.of());
        variants.put(ROTATED, context.agent(route));
        variants.put(ROTATED_ALL_TIME_WAIT, context.agent(route));
        Map<String, Integer> maxTimeWait = Map.of("no agent", 0, ROTATED, 0, ROTATED_ALL_TIME_WAIT, ALL_TIME_WAIT_BUCKETS);
        Map<String, String> sockstat = new LinkedHashMap<>();
        Map<String, List<Double>> rate = new LinkedHashMap<>();
        Map<String, List<Double>> lastTen = new LinkedHashMap<>();
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        Map<String, String> firstErrors = new LinkedHashMap<>();
        Map<String, String> timelines = new LinkedHashMap<>();
        variants.keySet().forEach(name -> {
            rate.put(name, new ArrayList<>());
            lastTen.put(name, new ArrayList<>());
            errors.put(name, new ArrayList<>());
        });
        List<String> problems = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(variants.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String name : order) {
                List<String> command = context.javaCommand(variants.get(name), "io.loopshift.bench.apps.SustainedClient",
                        List.of("--port", String.valueOf(port), "--threads", String.valueOf(THREADS), "--seconds", String.valueOf(seconds)));
                ChildJvm.Result result = ChildJvm.run(context.netns().wrap(command, FIRST_PORT, FIRST_PORT + PORTS - 1, 0, maxTimeWait.get(name)),
                        seconds + 60);
                String ops = result.value("RESULT sustained", "ops");
                if (!result.ok() || ops == null) {
                    problems.add(name + ": " + result.describe());
                    continue;
                }
                double nanos = Double.parseDouble(result.value("RESULT sustained", "nanos"));
                rate.get(name).add(Long.parseLong(ops) / (nanos / 1e9));
                errors.get(name).add(Double.parseDouble(result.value("RESULT sustained", "errors")));
                firstErrors.putIfAbsent(name, result.value("RESULT sustained", "first_error"));
                for (String line : result.lines()) {
                    if (line.startsWith("SOCKSTAT ")) {
                        sockstat.putIfAbsent(name, line.substring(9).replace('_', ' '));
                    }
                }
                String timeline = "";
                for (String line : result.lines()) {
                    if (line.startsWith("TIMELINE ")) {
                        timeline = line.substring(9);
                    }
                }
                String[] perSecond = timeline.isEmpty() ? new String[0] : timeline.split(" ");
                long tail = 0;
                int tailSeconds = Math.min(10, perSecond.length);
                for (int i = perSecond.length - tailSeconds; i < perSecond.length; i++) {
                    tail += Long.parseLong(perSecond[i]);
                }
                lastTen.get(name).add(tailSeconds == 0 ? Double.NaN : tail / (double) tailSeconds);
                timelines.putIfAbsent(name, timeline);
                raw.append("round ").append(round + 1).append(' ').append(name).append(": ops=").append(ops).append(" errors=")
                        .append(result.value("RESULT sustained", "errors")).append(" per second: ").append(timeline).append('\n');
                Context.progress("sustained round " + (round + 1) + "/" + rounds + " " + name + ": " + Stats.big(rate.get(name).get(rate.get(name).size() - 1))
                        + " connections/s, errors " + result.value("RESULT sustained", "errors"));
            }
        }
        StringBuilder md = new StringBuilder("## 5. Sustained rate under a small port range\n\n");
        md.append("Each run in a fresh network namespace with ip_local_port_range ").append(FIRST_PORT).append('-').append(FIRST_PORT + PORTS - 1)
                .append(" (1,000 ports) and tcp_tw_reuse=0; ").append(THREADS).append(" client threads churn with `java.net.Socket` (same exchange ")
                .append("as figure 1, server in the same JVM) for ").append(seconds).append(" s; a failed connect counts as an error and is ")
                .append("followed by a 1 ms pause. Median (min–max) over ").append(rounds).append(" alternating round(s).\n\n");
        md.append("Without the agent the 1,000 ports are all in TIME_WAIT (60 s) after 1,000 connections. With `source:` each of the ")
                .append("254 addresses has its own 1,000 ports towards the destination: 254,000 four-tuples per 60 s (")
                .append(Stats.big(254.0 * PORTS / 60)).append("/s sustained). A fresh namespace here has `tcp_max_tw_buckets` = ")
                .append(defaultBuckets).append(": past that many TIME_WAIT sockets the kernel closes connections without TIME_WAIT ")
                .append("(\"time wait bucket table overflow\"), so with the default the /24 never runs dry; the third set-up raises ")
                .append("the limit to ").append(String.format(java.util.Locale.ROOT, "%,d", ALL_TIME_WAIT_BUCKETS))
                .append(" so that every connection keeps its TIME_WAIT, and shows the /24's own limit.\n\n");
        md.append("| set-up | connections/s over ").append(seconds).append(" s | connections/s, last ").append(Math.min(10, seconds))
                .append(" s | errors (failed connects) | first error | TCP sockets at the end (/proc/net/sockstat, first round) |\n|---|---|---|---|---|---|\n");
        for (String name : variants.keySet()) {
            md.append("| ").append(name).append(" | ").append(Stats.of(rate.get(name)).count()).append(" | ").append(Stats.of(lastTen.get(name)).count())
                    .append(" | ").append(Stats.of(errors.get(name)).integer()).append(" | `").append(firstErrors.getOrDefault(name, "none"))
                    .append("` | ").append(sockstat.getOrDefault(name, "unknown")).append(" |\n");
        }
        Stats plain = Stats.of(rate.get("no agent"));
        Stats rotated = Stats.of(rate.get(ROTATED));
        md.append("\nCapacity bought: ").append(plain.empty() || rotated.empty() ? "n/a" : Stats.fixed(rotated.median() / plain.median(), 0) + "×")
                .append(" the connections/s over ").append(seconds).append(" s.\n\nConnections per second, first round:\n\n");
        timelines.forEach((name, line) -> md.append("- ").append(name).append(": `").append(line).append("`\n"));
        if (!problems.isEmpty()) {
            md.append("\nProblems: `").append(problems.get(0).replace('\n', ' ').replace('`', '\'')).append("`\n");
        }
        report.section(5, md.toString());
        if (!plain.empty() && !rotated.empty()) {
            report.target("5", "sustained connections/s with 1,000 ports: source: /24 vs no agent (no target given; the capacity bought)",
                    rotated.count() + " vs " + plain.count() + " connections/s; errors " + Stats.of(errors.get(ROTATED)).integer()
                            + " vs " + Stats.of(errors.get("no agent")).integer(), rotated.median() > plain.median() * 10);
            Stats allTimeWait = Stats.of(rate.get(ROTATED_ALL_TIME_WAIT));
            report.target("5", "the same with every connection kept in TIME_WAIT (tcp_max_tw_buckets raised): the /24's own limit, 254,000 per 60 s",
                    allTimeWait.count() + " connections/s; errors " + Stats.of(errors.get(ROTATED_ALL_TIME_WAIT)).integer(),
                    allTimeWait.median() > plain.median() * 10);
        }
        report.raw("Figure 5, per run", raw.toString());
    }
}
