package io.loopshift.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 3, decision cost: runs the JMH benchmark {@code DecisionBench} (in the jmh jar) with the
 * GC profiler and turns its lines into the table: ns per call and bytes allocated per call.
 */
final class DecisionFigure {
    private static final Map<String, String> WHAT = new LinkedHashMap<>();

    static {
        WHAT.put("matchHit", "`RouteTable.match`, matching destination (127.0.0.1:3000)");
        WHAT.put("matchMiss", "`RouteTable.match`, loopback destination no route takes (127.0.0.1:9999)");
        WHAT.put("hookMissLoopback", "whole untouched path from the woven call in `Net.connect`: `LoopshiftHooks.onConnect0` → MethodHandle → `ConnectRouter.onConnect` → `match` → the native (a stub here), 127.0.0.1:9999");
        WHAT.put("hookNonLoopback", "the same for a non-loopback destination (10.1.2.3:3000): one `isLoopbackAddress` check");
        WHAT.put("startingMiss", "`ConnectRouter.onConnectStarting` (woven into Socket/channel connect only with a unix: route), no route takes it");
        WHAT.put("startingUnixHit", "`ConnectRouter.onConnectStarting`, destination of the unix: route (records the timeout)");
    }

    private DecisionFigure() {
    }

    record Line(String bench, String routes, Stats ns, double bytes) {
    }

    static void run(Context context, Report report) throws Exception {
        List<String> command = new ArrayList<>(List.of(context.java(), "-cp", context.jmhJar().toString(), "io.loopshift.bench.jmh.DecisionMain"));
        if (context.quick()) {
            command.add("--quick");
        }
        Context.progress("decision: JMH DecisionBench with -prof gc (" + (context.quick() ? "quick" : "2 forks × 3 × 1 s per benchmark") + ")");
        ChildJvm.Result result = ChildJvm.run(command, 1200);
        List<Line> lines = new ArrayList<>();
        for (String text : result.lines()) {
            if (!text.startsWith("DECISION ")) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String part : text.substring(9).split(" ")) {
                int equals = part.indexOf('=');
                values.put(part.substring(0, equals), part.substring(equals + 1));
            }
            lines.add(new Line(values.get("bench"), values.get("routes"),
                    new Stats(Double.parseDouble(values.get("ns")), Double.parseDouble(values.get("ns_min")),
                            Double.parseDouble(values.get("ns_max")), Integer.parseInt(values.get("iterations"))),
                    Double.parseDouble(values.get("bytes"))));
        }
        StringBuilder md = new StringBuilder("## 3. Decision cost\n\n");
        md.append("JMH 1.37 (`DecisionBench`, average time, GC profiler), ").append(context.quick() ? "1 fork × 3 × 300 ms" : "2 forks × 3 × 1 s")
                .append(" measured after warm-up; ns per call as the median (min–max) of all measurement iterations; bytes allocated per ")
                .append("call from `gc.alloc.rate.norm`. Routes: **one** = `127.0.0.1:3000->source:127.0.1.0/24`; **four** = `")
                .append(jmhRoutes()).append("` (the matched route last). The table is built by the agent's own `SettingsReader` and ")
                .append("`RouteTableBuilder`; the hook is the agent's `LoopshiftHooks` class, which the agent defines in java.base as ")
                .append("`sun.nio.ch.LoopshiftHooks` (same bytecode), with its slot set to the router's handle as at run time.\n\n");
        md.append("| what | routes | ns/call | B/call |\n|---|---|---|---|\n");
        for (String bench : WHAT.keySet()) {
            for (Line line : lines) {
                if (line.bench().equals(bench) && !(bench.startsWith("starting") && line.routes().equals("one"))) {
                    md.append("| ").append(WHAT.get(bench)).append(" | ").append(line.routes()).append(" | ").append(line.ns().decimals(1))
                            .append(" | ").append(Stats.fixed(line.bytes(), 1)).append(" |\n");
                }
            }
        }
        md.append("\n`starting*` rows only for the four-route table: with no unix: route the connect-starting hook is not woven.\n");
        if (!result.ok() || lines.isEmpty()) {
            md.append("\nJMH failed: `").append(result.describe().replace('\n', ' ').replace('`', '\'')).append("`\n");
        }
        report.section(3, md.toString());
        for (String bench : List.of("matchMiss", "hookMissLoopback", "hookNonLoopback")) {
            Line worst = null;
            for (Line line : lines) {
                if (line.bench().equals(bench) && (worst == null || line.ns().median() > worst.ns().median())) {
                    worst = line;
                }
            }
            String goal = "decision < 100 ns and 0 B, non-matching connect: " + bench;
            if (worst == null) {
                report.notMeasured("3", goal, "JMH gave no result");
            } else {
                report.target("3", goal, worst.ns().decimals(1) + " ns, " + Stats.fixed(worst.bytes(), 1) + " B (" + worst.routes() + " route(s))",
                        worst.ns().median() < 100 && worst.bytes() < 0.5);
            }
        }
        for (Line line : lines) {
            if (line.bench().equals("matchHit") && line.routes().equals("four")) {
                report.target("3", "decision cost, matching connect (for the record: < 100 ns, 0 B)",
                        line.ns().decimals(1) + " ns, " + Stats.fixed(line.bytes(), 1) + " B (four routes, last matches)",
                        line.ns().median() < 100 && line.bytes() < 0.5);
            }
        }
        StringBuilder raw = new StringBuilder();
        for (String text : result.lines()) {
            if (text.startsWith("DECISION ") || text.startsWith("Benchmark ") || text.startsWith("DecisionBench.")) {
                raw.append(text).append('\n');
            }
        }
        report.raw("Figure 3, JMH", raw.toString());
    }

    private static String jmhRoutes() {
        return "127.0.0.1:5432->unix:/tmp/loopshift-bench-unused.sock;localhost:8080->dest:127.0.0.0/28;"
                + "127.0.0.2:6379->source:127.0.2.0/24;127.0.0.1:3000->source:127.0.1.0/24";
    }
}
