package io.loopshift.sample.demo;

import io.loopshift.sample.stats.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's chart as a self-contained SVG written by hand: requests answered per second for each
 * run (steps, one per second; the warm-up shaded, as it is left out of the rates), and below it the
 * running total on a log scale, where
 * a run that exhausted its ports is a plateau at the size of the range (on a linear scale it would
 * hug the axis next to a run with fifty times as many connections).
 */
final class TimelineChart {
    private static final int WIDTH = 980;
    private static final int LEFT = 90;
    private static final int RIGHT = 270;
    private static final int PLOT_HEIGHT = 230;
    private static final int PANEL_GAP = 90;
    private static final int TOP = 100;

    /** One run's line: label for the legend, colour, dashed or not, values per second. */
    record Series(String label, String color, boolean dashed, long[] perSecond) {
    }

    private TimelineChart() {
    }

    static String svg(String title, String subtitle, List<Series> series, long portRange, int warmupSeconds) {
        int seconds = 1;
        long maxRate = 1;
        long maxTotal = 1;
        for (Series s : series) {
            seconds = Math.max(seconds, s.perSecond().length);
            long total = 0;
            for (long value : s.perSecond()) {
                maxRate = Math.max(maxRate, value);
                total += value;
            }
            maxTotal = Math.max(maxTotal, total);
        }
        int height = TOP + 2 * PLOT_HEIGHT + PANEL_GAP + 60;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, LEFT, 28, 18, "bold", "start", title);
        text(svg, LEFT, 50, 12, "normal", "start", subtitle);

        Panel rate = Panel.linear(TOP, seconds, niceCeiling(maxRate));
        rate.shade(svg, warmupSeconds, "warm-up: not in the rates");
        rate.axes(svg, "requests/s answered 200");
        for (Series s : series) {
            rate.steps(svg, s);
        }
        long floor = decadeAtOrBelow(Math.max(10, portRange / 10));
        long ceiling = decadeAtOrBelow(Math.max(maxTotal, portRange)) * 10;
        Panel totals = Panel.logarithmic(TOP + PLOT_HEIGHT + PANEL_GAP, seconds, floor, ceiling);
        totals.shade(svg, warmupSeconds, "");
        totals.axes(svg, "running total (ok), log scale");
        if (portRange > 0) {
            totals.marker(svg, portRange, "port range: " + Numbers.grouped(portRange) + " ports");
        }
        List<Double> labelled = new ArrayList<>();
        for (Series s : series) {
            totals.cumulative(svg, s, labelled);
        }
        text(svg, LEFT + (WIDTH - LEFT - RIGHT) / 2, height - 18, 12, "normal", "middle", "seconds since the load started");
        legend(svg, series);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        int x = WIDTH - RIGHT + 20;
        int y = TOP + 10;
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"%s/>%n",
                    x, y, x + 26, y, s.color(), s.dashed() ? " stroke-dasharray=\"7 4\"" : ""));
            int line = 0;
            for (String part : wrap(s.label(), 30)) {
                text(svg, x + 34, y + 4 + line * 15, 12, line == 0 ? "bold" : "normal", "start", part);
                line++;
            }
            y += 22 + line * 15;
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > width) {
                lines.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word);
        }
        lines.add(current.toString());
        return lines;
    }

    /** The smallest of 1, 2 or 5 times a power of ten (at least 5) that is not below {@code value}: round axis labels, five even ticks. */
    static long niceCeiling(long value) {
        if (value <= 5) {
            return 5;
        }
        long power = 1;
        while (power * 10 < value) {
            power *= 10;
        }
        for (long multiple : new long[] {1, 2, 5}) {
            if (multiple * power >= value) {
                return multiple * power;
            }
        }
        return 10 * power;
    }

    static long decadeAtOrBelow(long value) {
        long decade = 1;
        while (decade * 10 <= value) {
            decade *= 10;
        }
        return decade;
    }

    private static void text(StringBuilder svg, double x, double y, int size, String weight, String anchor, String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\">%s</text>%n",
                x, y, size, weight, anchor, escape(content)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One plot area with its own y scale, linear or logarithmic; x is seconds, shared by both panels. */
    private static final class Panel {
        private final int top;
        private final int seconds;
        private final long yMin;
        private final long yMax;
        private final boolean log;

        private Panel(int top, int seconds, long yMin, long yMax, boolean log) {
            this.top = top;
            this.seconds = seconds;
            this.yMin = yMin;
            this.yMax = yMax;
            this.log = log;
        }

        static Panel linear(int top, int seconds, long yMax) {
            return new Panel(top, seconds, 0, yMax, false);
        }

        /** From decade {@code yMin} to decade {@code yMax}; values below yMin sit on the bottom edge. */
        static Panel logarithmic(int top, int seconds, long yMin, long yMax) {
            return new Panel(top, seconds, yMin, yMax, true);
        }

        double x(double second) {
            return LEFT + second * (WIDTH - LEFT - RIGHT) / seconds;
        }

        double y(double value) {
            double share = log
                    ? (Math.log10(Math.max(value, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
                    : value / yMax;
            return top + PLOT_HEIGHT - share * PLOT_HEIGHT;
        }

        void axes(StringBuilder svg, String yLabel) {
            List<Long> ticks = new ArrayList<>();
            if (log) {
                for (long value = yMin; value <= yMax; value *= 10) {
                    ticks.add(value);
                }
            } else {
                for (int i = 0; i <= 5; i++) {
                    ticks.add(yMax * i / 5);
                }
            }
            for (long value : ticks) {
                double y = y(value);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, x(seconds), y));
                text(svg, LEFT - 8, y + 4, 11, "normal", "end", Numbers.grouped(value));
            }
            int step = Math.max(1, (int) Math.ceil(seconds / 12.0));
            for (int s = 0; s <= seconds; s += step) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>%n", x(s), top + PLOT_HEIGHT, x(s), top + PLOT_HEIGHT + 5));
                text(svg, x(s), top + PLOT_HEIGHT + 18, 11, "normal", "middle", s + "s");
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#666\"/>%n",
                    LEFT, top, x(seconds) - LEFT, PLOT_HEIGHT));
            text(svg, LEFT, top - 10, 13, "bold", "start", yLabel);
        }

        void steps(StringBuilder svg, Series series) {
            StringBuilder points = new StringBuilder();
            long[] values = series.perSecond();
            for (int s = 0; s < values.length; s++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x(s), y(values[s]), x(s + 1), y(values[s])));
            }
            polyline(svg, series, points);
        }

        /** The running total; its end value is labelled, moved down clear of the labels already placed (runs often end level). */
        void cumulative(StringBuilder svg, Series series, List<Double> labelled) {
            StringBuilder points = new StringBuilder(String.format(Locale.ROOT, "%.1f,%.1f ", x(0), y(0)));
            long total = 0;
            long[] values = series.perSecond();
            for (int s = 0; s < values.length; s++) {
                total += values[s];
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(s + 1), y(total)));
            }
            polyline(svg, series, points);
            double labelY = y(total) + 4;
            while (true) {
                double candidate = labelY;
                if (labelled.stream().noneMatch(used -> Math.abs(used - candidate) < 12)) {
                    break;
                }
                labelY += 12;
            }
            labelled.add(labelY);
            text(svg, x(values.length) + 6, labelY, 11, "bold", "start", Numbers.grouped(total));
        }

        /** A grey band over the first {@code untilSecond} seconds, behind the lines. */
        void shade(StringBuilder svg, int untilSecond, String label) {
            if (untilSecond <= 0) {
                return;
            }
            double right = x(Math.min(untilSecond, seconds));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eeeeee\"/>%n",
                    LEFT, top, right - LEFT, PLOT_HEIGHT));
            if (!label.isEmpty()) {
                text(svg, LEFT + 6, top + 16, 11, "normal", "start", label);
            }
        }

        void marker(StringBuilder svg, long value, String label) {
            double y = y(value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"2 3\"/>%n", LEFT, y, x(seconds), y));
            text(svg, x(seconds) - 6, y - 5, 11, "normal", "end", label);
        }

        private static void polyline(StringBuilder svg, Series series, StringBuilder points) {
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" stroke-linejoin=\"round\"%s points=\"%s\"/>%n",
                    series.color(), series.dashed() ? " stroke-dasharray=\"7 4\"" : "", points.toString().trim()));
        }
    }
}
