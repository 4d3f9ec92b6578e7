package io.loopshift.sample.proxy;

import io.loopshift.sample.stats.ErrorCounts;
import io.loopshift.sample.stats.ErrorKind;
import io.loopshift.sample.stats.Json;
import io.loopshift.sample.stats.PerSecondCounter;
import io.loopshift.sample.stats.SummaryLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's upstream side: exchanges that succeeded, failures by kind, and both per second. */
public final class ProxyStats {
    private final UpstreamKind kind;
    private final LongAdder ok = new LongAdder();
    private final ErrorCounts errors = new ErrorCounts();
    private final PerSecondCounter okPerSecond = new PerSecondCounter();
    private final PerSecondCounter errorsPerSecond = okPerSecond.sameClock();

    ProxyStats(UpstreamKind kind) {
        this.kind = kind;
    }

    /** The timeline starts with the first request, so runs line up however long the JVMs took to start. */
    void requestStarted() {
        okPerSecond.start();
    }

    void succeeded() {
        ok.increment();
        okPerSecond.increment();
    }

    /** Counts a failure; true if it is the first of its kind. */
    boolean failed(String errorKind) {
        errorsPerSecond.increment();
        return errors.add(errorKind);
    }

    String json() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("client", kind.key());
        fields.put("upstream_ok", ok.sum());
        fields.put("upstream_errors", errors.total());
        Map<String, Object> kinds = new LinkedHashMap<>();
        errors.sorted().forEach(entry -> kinds.put(entry.getKey(), entry.getValue()));
        fields.put("errors_by_kind", kinds);
        return Json.object(fields);
    }

    SummaryLine summary() {
        return new SummaryLine("PROXY")
                .add("client", kind.key())
                .add("upstream_ok", ok.sum())
                .add("upstream_errors", errors.total())
                .add("eaddrnotavail", errors.count(ErrorKind.EADDRNOTAVAIL))
                .add("error_kinds", errors.compact())
                .add("ok_per_second", PerSecondCounter.compact(okPerSecond.snapshot()))
                .add("errors_per_second", PerSecondCounter.compact(errorsPerSecond.snapshot()));
    }
}
