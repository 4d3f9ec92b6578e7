package io.loopshift.sample.demo;

import io.loopshift.sample.stats.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The runs side by side, one column each, as plain text. */
final class ResultTable {
    private ResultTable() {
    }

    static String render(List<DemoRun> runs, int warmup, int seconds) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("", runs, DemoRun::label));
        rows.add(row("requests ok (200)", runs, run -> Numbers.grouped(run.ok())));
        rows.add(row("errors (502)", runs, run -> Numbers.grouped(run.errors())));
        rows.add(row("  of which EADDRNOTAVAIL", runs, run -> Numbers.grouped(run.eaddrnotavail())));
        rows.add(row("ok requests/s, s " + warmup + "-" + (warmup + seconds), runs, run -> Numbers.grouped(run.steadyRate(warmup, seconds))));
        rows.add(row("p99 latency (whole run)", runs, run -> run.p99() + " ms"));
        rows.add(row("distinct upstream source addrs", runs, DemoRun::distinctSources));
        rows.add(row("transport used (backend count)", runs, DemoRun::transport));
        rows.add(row("agent", runs, DemoRun::agentState));
        int[] widths = new int[runs.size() + 1];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            line.append(pad(row[0], widths[0]));
            for (int i = 1; i < row.length; i++) {
                line.append("  ").append(padLeft(row[i], widths[i]));
            }
            table.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                table.append("-".repeat(line.length())).append('\n');
            }
        }
        return table.toString();
    }

    private static String[] row(String name, List<DemoRun> runs, Function<DemoRun, String> value) {
        String[] row = new String[runs.size() + 1];
        row[0] = name;
        for (int i = 0; i < runs.size(); i++) {
            row[i + 1] = value.apply(runs.get(i));
        }
        return row;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }
}
