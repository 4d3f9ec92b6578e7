package io.loopshift.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs variants alternately, one fresh JVM per variant per round (the agent installs once per
 * JVM), forward in even rounds and backward in odd ones (a b c ... c b a ...) so a drift in the
 * machine's load over time weighs on every variant alike. Collects each cell's rate per round.
 */
final class Rounds {
    /** Rate per variant, per cell, per round (null where that run failed). */
    final Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>();
    /** CPU time of the whole client JVM per unit of work (ns), same layout: less sensitive to other tenants than a rate. */
    final Map<String, Map<String, List<Double>>> cpuPerUnit = new LinkedHashMap<>();
    /** Problems per variant: failed runs, errors inside runs, server checks that did not fit. */
    final Map<String, List<String>> problems = new LinkedHashMap<>();
    /** Connects or reads that failed inside runs, per variant. */
    final Map<String, Long> errors = new LinkedHashMap<>();
    final StringBuilder raw = new StringBuilder();

    private final List<Variant> variants;
    private final List<String> cells;

    Rounds(List<Variant> variants, List<String> cells) {
        this.variants = variants;
        this.cells = cells;
        for (Variant variant : variants) {
            Map<String, List<Double>> byCell = new LinkedHashMap<>();
            Map<String, List<Double>> cpuByCell = new LinkedHashMap<>();
            for (String cell : cells) {
                byCell.put(cell, new ArrayList<>());
                cpuByCell.put(cell, new ArrayList<>());
            }
            rates.put(variant.key(), byCell);
            cpuPerUnit.put(variant.key(), cpuByCell);
            problems.put(variant.key(), new ArrayList<>());
            errors.put(variant.key(), 0L);
        }
    }

    List<String> cells() {
        return cells;
    }

    boolean has(String variant) {
        return rates.containsKey(variant);
    }

    void run(String figure, int rounds, long timeoutSeconds, Function<Variant, List<String>> command) throws Exception {
        for (int round = 0; round < rounds; round++) {
            List<Variant> order = new ArrayList<>(variants);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Variant variant : order) {
                ChildJvm.Result result = ChildJvm.run(command.apply(variant), timeoutSeconds);
                record(round, variant, result);
                Context.progress(figure + " round " + (round + 1) + "/" + rounds + " " + variant.key() + ": " + summary(variant, round));
            }
        }
    }

    private void record(int round, Variant variant, ChildJvm.Result result) {
        Map<String, List<Double>> byCell = rates.get(variant.key());
        List<String> variantProblems = problems.get(variant.key());
        raw.append("round ").append(round + 1).append(' ').append(variant.key()).append(":");
        for (String cell : cells) {
            String ops = result.value("RESULT " + cell, "ops");
            String nanos = result.value("RESULT " + cell, "nanos");
            String failed = result.value("RESULT " + cell, "errors");
            String cpu = result.value("RESULT " + cell, "cpu_nanos");
            Double rate = null;
            Double cpuPer = null;
            if (result.ok() && ops != null && nanos != null) {
                rate = Long.parseLong(ops) / (Long.parseLong(nanos) / 1e9);
                cpuPer = Long.parseLong(ops) == 0 ? null : Long.parseLong(cpu) / (double) Long.parseLong(ops);
                long errorCount = Long.parseLong(failed);
                if (errorCount > 0) {
                    errors.merge(variant.key(), errorCount, Long::sum);
                    variantProblems.add("round " + (round + 1) + " " + cell + ": " + errorCount + " errors, first "
                            + result.value("RESULT " + cell, "first_error"));
                }
            }
            byCell.get(cell).add(rate);
            cpuPerUnit.get(variant.key()).get(cell).add(cpuPer);
            raw.append(' ').append(cell).append('=').append(rate == null ? "failed" : Stats.big(rate) + "/s " + (cpuPer == null ? "-" : Stats.fixed(cpuPer / 1000, 1) + "µs"));
        }
        raw.append('\n');
        if (!result.ok()) {
            variantProblems.add("round " + (round + 1) + ": " + result.describe());
        } else {
            String mismatch = variant.expect().check(result);
            if (mismatch != null) {
                variantProblems.add("round " + (round + 1) + ": " + mismatch);
            }
        }
        for (String line : result.lines()) {
            if (line.startsWith("[loopshift] WARN") || line.startsWith("[loopshift] ERROR")) {
                variantProblems.add("round " + (round + 1) + ": agent said: " + line);
            }
        }
    }

    private String summary(Variant variant, int round) {
        StringBuilder line = new StringBuilder();
        for (String cell : cells) {
            List<Double> values = rates.get(variant.key()).get(cell);
            Double value = values.size() > round ? values.get(round) : null;
            line.append(cell).append('=').append(value == null ? "failed" : Stats.big(value)).append(' ');
        }
        return line.toString().trim();
    }

    List<Double> values(String variant, String cell) {
        List<Double> values = new ArrayList<>();
        for (Double value : rates.get(variant).get(cell)) {
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** Per-round ratio of two variants for a cell, then their median and range. */
    Stats ratio(String top, String bottom, String cell) {
        return Stats.of(Stats.ratios(rates.get(top).get(cell), rates.get(bottom).get(cell)));
    }

    Stats stats(String variant, String cell) {
        return Stats.of(values(variant, cell));
    }

    /** CPU µs per unit of a variant and cell over the rounds. */
    Stats cpuMicros(String variant, String cell) {
        List<Double> values = new ArrayList<>();
        for (Double value : cpuPerUnit.get(variant).get(cell)) {
            if (value != null) {
                values.add(value / 1000);
            }
        }
        return Stats.of(values);
    }

    /** Per-round ratio of CPU per unit, {@code bottom / top} so that, like the rate ratios, above 1 means cheaper. */
    Stats cpuRatio(String top, String bottom, String cell) {
        return Stats.of(Stats.ratios(cpuPerUnit.get(bottom).get(cell), cpuPerUnit.get(top).get(cell)));
    }

    /** Markdown lines for the variants that had problems, or "" when none had. */
    String problemNotes() {
        StringBuilder notes = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : problems.entrySet()) {
            List<String> list = entry.getValue();
            if (list.isEmpty()) {
                continue;
            }
            notes.append("- variant ").append(entry.getKey()).append(": ").append(list.size()).append(" problem(s); first: `")
                    .append(list.get(0).replace('\n', ' ').replace('`', '\'')).append("`\n");
        }
        return notes.toString();
    }
}
