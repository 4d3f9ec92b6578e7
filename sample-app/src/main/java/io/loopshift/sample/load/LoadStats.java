package io.loopshift.sample.load;

import io.loopshift.sample.stats.ErrorCounts;
import io.loopshift.sample.stats.ErrorKind;
import io.loopshift.sample.stats.LatencyHistogram;
import io.loopshift.sample.stats.Numbers;
import io.loopshift.sample.stats.PerSecondCounter;
import io.loopshift.sample.stats.SummaryLine;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcomes of the load: answers with 200, errors by kind (a 502 counts under the kind the proxy
 * named, e.g. EADDRNOTAVAIL; the generator's own connection failures under {@code load_<kind>}),
 * and latency for the whole run and for the current one-second window.
 */
final class LoadStats {
    private final LongAdder ok = new LongAdder();
    /** Answers with 200 per second since the load started: the demo's chart and its steady-state rate. */
    private final PerSecondCounter okTimeline = new PerSecondCounter();
    private final ErrorCounts errors = new ErrorCounts();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicReference<Window> window = new AtomicReference<>(new Window());

    void answered(long nanos, boolean success, String errorKind) {
        latency.record(nanos);
        Window current = window.get();
        current.latency.record(nanos);
        if (success) {
            ok.increment();
            okTimeline.increment();
            current.ok.increment();
        } else {
            failed(errorKind);
        }
    }

    /** Starts the timeline's clock: second 0 is when the load begins, not when the first answer comes. */
    void started() {
        okTimeline.start();
    }

    void failed(String errorKind) {
        errors.add(errorKind);
        window.get().errors.increment();
    }

    /** The progress line for the second that just ended (rates) and the run so far (totals); starts a new window. */
    String progressLine(long elapsedSeconds) {
        Window ended = window.getAndSet(new Window());
        long okNow = ended.ok.sum();
        long errorsNow = ended.errors.sum();
        ErrorCounts.Snapshot errorsSoFar = errors.snapshot();
        return String.format(Locale.ROOT, "t=%2ds  %7s ok/s %7s err/s  p50 %5s ms  p99 %5s ms  | total ok %9s  errors %9s%s",
                elapsedSeconds, Numbers.grouped(okNow), Numbers.grouped(errorsNow),
                Numbers.millis(ended.latency.percentileMillis(50)), Numbers.millis(ended.latency.percentileMillis(99)),
                Numbers.grouped(ok.sum()), Numbers.grouped(errorsSoFar.total()),
                errorsSoFar.total() == 0 ? "" : " (" + errorsSoFar.readable() + ")");
    }

    SummaryLine summary(double seconds) {
        long total = ok.sum() + errors.total();
        return new SummaryLine("LOAD")
                .add("requests", total)
                .add("ok", ok.sum())
                .add("errors", errors.total())
                .add("eaddrnotavail", errors.count(ErrorKind.EADDRNOTAVAIL))
                .add("error_kinds", errors.compact())
                .add("seconds", String.format(Locale.ROOT, "%.2f", seconds))
                .add("ok_per_second", Math.round(ok.sum() / Math.max(seconds, 0.001)))
                .add("p50_ms", Numbers.millis(latency.percentileMillis(50)))
                .add("p99_ms", Numbers.millis(latency.percentileMillis(99)))
                .add("ok_timeline", PerSecondCounter.compact(okTimeline.snapshot()));
    }

    private static final class Window {
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LatencyHistogram latency = new LatencyHistogram();
    }
}
