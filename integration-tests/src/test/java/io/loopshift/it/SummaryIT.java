package io.loopshift.it;

import io.loopshift.it.apps.StatusTarget;
import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loopshift.summary}: one line of counters per route at the interval asked for, and none without it. */
class SummaryIT {
    private static final String ROUTES = "127.0.0.1:1-1023->ignore;127.0.0.1:*->source:127.0.1.0/24";

    @Test
    void summaryPrintsOneLinePerRouteWithTheCounters() throws Exception {
        Path stop = Files.createTempDirectory("loopshift-summary").resolve("stop");
        ChildJvm.Running target = ChildJvm.main(StatusTarget.class)
                .withAgent("loopshift.routes", ROUTES, "loopshift.summary", "1s")
                .args(7, stop)
                .start();
        try {
            target.awaitOutput("READY", 60);
            // A summary may come while the connects are under way; the lines after them show all seven.
            target.awaitOutput("[loopshift] SUMMARY route #2 (127.0.0.1:*->source:127.0.1.0/24): matched 7 (", 60);
            String output = target.output();
            assertTrue(output.contains("[loopshift] SUMMARY route #1 (127.0.0.1:1-1023->ignore): matched 0 (+0), rewritten 0 (+0), fallbacks 0 (+0), failures 0 (+0)"), output);
            assertTrue(Pattern.compile("\\[loopshift] SUMMARY route #2 \\(127\\.0\\.0\\.1:\\*->source:127\\.0\\.1\\.0/24\\): matched 7 \\(\\+\\d\\), "
                    + "rewritten 7 \\(\\+\\d\\), fallbacks 0 \\(\\+0\\), failures 0 \\(\\+0\\)").matcher(output).find(), output);
        } finally {
            Files.createFile(stop);
            target.stop();
        }
    }

    @Test
    void withoutTheSettingNothingIsPrinted() throws Exception {
        Path stop = Files.createTempDirectory("loopshift-summary").resolve("stop");
        ChildJvm.Running target = ChildJvm.main(StatusTarget.class).withAgent("loopshift.routes", ROUTES).args(7, stop).start();
        try {
            target.awaitOutput("READY", 60);
            // Two seconds at least twice the shortest interval: a printer started by mistake would have printed.
            Thread.sleep(2500);
            assertFalse(target.output().contains("SUMMARY"), target.output());
        } finally {
            Files.createFile(stop);
            target.stop();
        }
    }
}
