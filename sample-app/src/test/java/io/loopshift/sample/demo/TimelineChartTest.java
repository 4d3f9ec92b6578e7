package io.loopshift.sample.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineChartTest {

    @Test
    void axesEndOnRoundNumbers() {
        assertEquals(5, TimelineChart.niceCeiling(3));
        assertEquals(10, TimelineChart.niceCeiling(6));
        assertEquals(1000, TimelineChart.niceCeiling(1000));
        assertEquals(2000, TimelineChart.niceCeiling(1001));
        assertEquals(20_000, TimelineChart.niceCeiling(12_039));
        assertEquals(1000, TimelineChart.decadeAtOrBelow(9_999));
    }

    @Test
    void drawsOneRateAndOneTotalLinePerRun() {
        String svg = TimelineChart.svg("t", "s <&>", List.of(
                new TimelineChart.Series("no agent", "#d62728", false, new long[] {1000, 0, 0}),
                new TimelineChart.Series("source", "#2ca02c", false, new long[] {1200, 2800, 3300})), 1000, 1);
        assertTrue(svg.startsWith("<svg "), svg);
        assertEquals(4, svg.split("<polyline ", -1).length - 1, svg);
        assertTrue(svg.contains("s &lt;&amp;&gt;"), "text is escaped");
        assertTrue(svg.contains(">7,300<"), "the total is labelled");
        assertEquals(2, svg.split("fill=\"#eeeeee\"", -1).length - 1, "the warm-up is shaded in both panels");
    }
}
