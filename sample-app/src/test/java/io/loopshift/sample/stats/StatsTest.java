package io.loopshift.sample.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    @Test
    void summaryLinesRoundTripWithoutSpacesInValues() {
        String line = new SummaryLine("PROXY").add("upstream_ok", 12).add("note", "two words").toString();
        assertEquals("PROXY upstream_ok=12 note=two_words", line);
        SummaryLine parsed = SummaryLine.parse("PROXY", line);
        assertEquals(12, parsed.number("upstream_ok"));
        assertNull(SummaryLine.parse("LOAD", line));
        assertNull(SummaryLine.parse("PROXY", "PROXY_STATS {}"));
    }

    @Test
    void percentilesAreWithinTheBucketWidth() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 1000; micros++) {
            histogram.record(micros * 1000L);
        }
        assertEquals(1000, histogram.count());
        double p50 = histogram.percentileMillis(50);
        double p99 = histogram.percentileMillis(99);
        assertTrue(p50 >= 0.5 && p50 <= 0.5 * 1.04 + 1e-9, "p50 " + p50);
        assertTrue(p99 >= 0.99 && p99 <= 0.99 * 1.04 + 1e-9, "p99 " + p99);
    }

    @Test
    void errorCountsSayWhichKindCameFirstAndKeepTotalsConsistent() {
        ErrorCounts counts = new ErrorCounts();
        assertTrue(counts.add("EADDRNOTAVAIL"));
        counts.add("EADDRNOTAVAIL");
        assertTrue(counts.add("TIMEOUT"));
        assertEquals("EADDRNOTAVAIL:2,TIMEOUT:1", counts.compact());
        assertEquals(3, counts.snapshot().total());
        assertEquals("EADDRNOTAVAIL 2, TIMEOUT 1", counts.snapshot().readable());
    }

    @Test
    void timelinesParseBack() {
        assertArrayEquals(new long[] {1000, 0, 0}, PerSecondCounter.parse(PerSecondCounter.compact(new long[] {1000, 0, 0})));
        assertArrayEquals(new long[0], PerSecondCounter.parse("none"));
    }
}
