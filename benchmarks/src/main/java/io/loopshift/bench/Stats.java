package io.loopshift.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and range of a few values (rounds, runs or iterations), and how the tables print them. */
record Stats(double median, double min, double max, int n) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** Per-round ratios {@code top[i] / bottom[i]}, skipping rounds where either is missing. */
    static List<Double> ratios(List<Double> top, List<Double> bottom) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(top.size(), bottom.size()); i++) {
            Double t = top.get(i);
            Double b = bottom.get(i);
            if (t != null && b != null && b != 0 && !t.isNaN() && !b.isNaN()) {
                ratios.add(t / b);
            }
        }
        return ratios;
    }

    boolean empty() {
        return n == 0;
    }

    /** {@code 12,300 (11,900-12,800)}, numbers rounded to three significant digits. */
    String count() {
        if (empty()) {
            return "n/a";
        }
        return n == 1 ? big(median) : big(median) + " (" + big(min) + "–" + big(max) + ")";
    }

    /** Whole numbers: {@code 6,350 (6,100–6,600)}. */
    String integer() {
        if (empty()) {
            return "n/a";
        }
        String median = String.format(Locale.ROOT, "%,d", Math.round(this.median));
        return n == 1 ? median : median + " (" + String.format(Locale.ROOT, "%,d", Math.round(min)) + "–" + String.format(Locale.ROOT, "%,d", Math.round(max)) + ")";
    }

    /** {@code 0.991 (0.970-1.012)}. */
    String ratio() {
        if (empty()) {
            return "n/a";
        }
        return n == 1 ? fixed(median, 3) : fixed(median, 3) + " (" + fixed(min, 3) + "–" + fixed(max, 3) + ")";
    }

    /** {@code 4.2 (3.9-4.8)} with the given decimals. */
    String decimals(int places) {
        if (empty()) {
            return "n/a";
        }
        return n == 1 ? fixed(median, places) : fixed(median, places) + " (" + fixed(min, places) + "–" + fixed(max, places) + ")";
    }

    static String big(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) < 100) {
            return fixed(value, Math.abs(value) < 10 ? 2 : 1);
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - 2);
        return String.format(Locale.ROOT, "%,d", Math.round(Math.round(value / magnitude) * magnitude));
    }

    static String fixed(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
