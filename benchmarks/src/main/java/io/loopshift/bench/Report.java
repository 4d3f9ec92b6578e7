package io.loopshift.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What the figures found: their markdown sections, one row per target of the issue (goal,
 * measurement, met or missed), and the raw per-round values for the appendix.
 */
final class Report {
    enum Verdict {
        MET("met"), MISSED("**missed**"), MISSED_WITHIN_SPREAD("**missed** (median; the spread over rounds reaches the target)"),
        NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    record Target(String figure, String goal, String measured, Verdict verdict) {
    }

    private final java.util.Map<Integer, String> sections = new java.util.TreeMap<>();
    private final StringBuilder raw = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();

    /** The figure's markdown; sections print in figure order whatever order the figures ran in. */
    void section(int figure, String markdown) {
        sections.put(figure, markdown);
    }

    void raw(String heading, String text) {
        raw.append("#### ").append(heading).append("\n\n```\n").append(text.strip()).append("\n```\n\n");
    }

    void target(String figure, String goal, String measured, boolean met) {
        targets.add(new Target(figure, goal, measured, met ? Verdict.MET : Verdict.MISSED));
    }

    /** A verdict on a median, saying whether the rounds' spread still reaches the target (noise rather than a clear miss). */
    void target(String figure, String goal, String measured, boolean met, boolean spreadReachesTarget) {
        targets.add(new Target(figure, goal, measured, met ? Verdict.MET : spreadReachesTarget ? Verdict.MISSED_WITHIN_SPREAD : Verdict.MISSED));
    }

    void notMeasured(String figure, String goal, String why) {
        targets.add(new Target(figure, goal, why, Verdict.NOT_MEASURED));
    }

    String targetTable() {
        StringBuilder table = new StringBuilder("| figure | target | measured (median, min–max over rounds) | verdict |\n|---|---|---|---|\n");
        for (Target target : targets) {
            table.append("| ").append(target.figure()).append(" | ").append(target.goal()).append(" | ").append(target.measured())
                    .append(" | ").append(target.verdict().text).append(" |\n");
        }
        return table.toString();
    }

    String sections() {
        return String.join("\n", sections.values());
    }

    String raw() {
        return raw.toString();
    }
}
