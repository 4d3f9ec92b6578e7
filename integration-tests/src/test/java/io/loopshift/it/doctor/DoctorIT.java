package io.loopshift.it.doctor;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar loopshift-agent.jar doctor} in a live private network namespace whose ephemeral
 * range holds 100 ports: 85 connections to 127.0.0.1:3000 closed client first (TIME_WAIT) and 5
 * left open hold 90% of the range, and 20 open connections to [::1]:3001 hold 20%. The Java
 * clients are dual-stack, so the IPv4 ones appear in /proc/net/tcp6 as ::ffff:127.0.0.1. The
 * doctor runs 2.5 s after the closes, as {@code java -jar} inside the same namespace.
 */
class DoctorIT {
    private static final int TIME_WAIT = 85;
    private static final int ESTABLISHED = 5;
    private static final int IPV6 = 20;
    /** Every TIME_WAIT port is then over 2 s old, so the TW<2s column is exactly 0. */
    private static final int SETTLE_MILLIS = 2500;

    @BeforeEach
    void needsNamespace() {
        Netns.assumeAvailable();
    }

    @Test
    void flagsADestinationOverEightyPercentAsCriticalWithTheRouteThatFixesIt() throws Exception {
        ChildJvm.Result result = runCheck(new Netns.Settings(40000, 40099, 0, "true"));
        boolean ipv6 = result.number("CHECK", "ipv6") == IPV6;
        if (!ipv6) {
            Netns.partUnavailable("the IPv6 half of DoctorIT", "only " + result.number("CHECK", "ipv6") + " of " + IPV6
                    + " connections to [::1]:3001 could be opened in the namespace (no ::1?)");
        }

        DoctorRun table = DoctorRun.of(result, "table");
        assertEquals(2, table.exitCode, result.describe());
        assertTrue(table.output.contains("\n  ephemeral range  40000-40099: 100 ports for each source, destination and port\n"), result.describe());
        assertTrue(table.output.contains("\n  tcp_tw_reuse     0: "), result.describe());
        assertEquals(List.of("127.0.0.1", "127.0.0.1:3000", "5", "85", "0", "0", "90", "(90.0%)", "90", "(90.0%)", "critical"),
                table.row("127.0.0.1:3000"), result.describe());
        assertTrue(table.output.contains("\ncritical: 127.0.0.1 -> 127.0.0.1:3000 holds 90 of 100 ephemeral ports (90.0%)\n"
                + "  fix: -Dloopshift.routes=\"127.0.0.1:3000->source:127.0.1.0/24\"\n"), result.describe());
        if (ipv6) {
            assertEquals(List.of("::1", "[::1]:3001", "20", "0", "0", "0", "20", "(20.0%)", "20", "(20.0%)", "ok"),
                    table.row("[::1]:3001"), result.describe());
        }
        assertEquals(ipv6 ? 2 : 1, table.rows().size(), result.describe());

        DoctorRun json = DoctorRun.of(result, "json");
        assertEquals(2, json.exitCode, result.describe());
        Map<?, ?> report = (Map<?, ?>) Json.parse(json.output);
        assertEquals(Map.of("first", 40000L, "last", 40099L, "size", 100L), report.get("ephemeral_range"));
        assertEquals(0L, report.get("tcp_tw_reuse"));
        assertEquals(false, report.get("time_wait_reusable"));
        assertEquals("critical", report.get("verdict"));
        assertEquals(2L, report.get("exit_code"));
        List<?> destinations = (List<?>) report.get("destinations");
        assertEquals(ipv6 ? 2 : 1, destinations.size(), json.output);
        assertEquals(destination(report, 3000), destinations.get(0), "the fullest destination comes first");
        Map<?, ?> full = destination(report, 3000);
        assertEquals("127.0.0.1", full.get("source"));
        assertEquals("127.0.0.1", full.get("destination"));
        assertEquals(3000L, full.get("port"));
        assertEquals(5L, full.get("established"));
        assertEquals(85L, full.get("time_wait"));
        assertEquals(0L, full.get("time_wait_under_2s"));
        assertEquals(0L, full.get("other"));
        assertEquals(90L, full.get("in_use"));
        assertEquals(90.0, full.get("in_use_percent"));
        assertEquals(90L, full.get("held"));
        assertEquals(90.0, full.get("held_percent"));
        assertEquals("critical", full.get("verdict"));
        assertEquals("127.0.0.1:3000->source:127.0.1.0/24", full.get("route"));
        assertEquals(Map.of("ESTABLISHED", 5L, "TIME_WAIT", 85L), full.get("states"));
        if (ipv6) {
            Map<?, ?> six = destination(report, 3001);
            assertEquals("::1", six.get("destination"));
            assertEquals(20L, six.get("in_use"));
            assertEquals("ok", six.get("verdict"));
            assertEquals("[::1]:3001->unix:/path/to/server.sock", six.get("route"));
        }
    }

    @Test
    void withTcpTwReuseTheSameTimeWaitPortsAreNotHeldOnceTwoSecondsOld() throws Exception {
        ChildJvm.Result result = runCheck(new Netns.Settings(40000, 40099, 2, "true"));

        DoctorRun table = DoctorRun.of(result, "table");
        assertEquals(0, table.exitCode, result.describe());
        assertEquals(List.of("127.0.0.1", "127.0.0.1:3000", "5", "85", "0", "0", "90", "(90.0%)", "5", "(5.0%)", "ok"),
                table.row("127.0.0.1:3000"), result.describe());

        DoctorRun json = DoctorRun.of(result, "json");
        assertEquals(0, json.exitCode, result.describe());
        Map<?, ?> report = (Map<?, ?>) Json.parse(json.output);
        assertEquals(2L, report.get("tcp_tw_reuse"));
        assertEquals(true, report.get("time_wait_reusable"));
        Map<?, ?> full = destination(report, 3000);
        assertEquals(85L, full.get("time_wait"));
        assertEquals(90L, full.get("in_use"));
        assertEquals(5L, full.get("held"));
        assertEquals("ok", full.get("verdict"));
    }

    private static Map<?, ?> destination(Map<?, ?> report, long port) {
        for (Object destination : (List<?>) report.get("destinations")) {
            if (((Map<?, ?>) destination).get("port").equals(port)) {
                return (Map<?, ?>) destination;
            }
        }
        throw new AssertionError("no destination with port " + port + " in " + report);
    }

    private static ChildJvm.Result runCheck(Netns.Settings settings) throws Exception {
        ChildJvm.Result result = ChildJvm.main(DoctorCheck.class)
                .inNetns(settings)
                .args(ChildJvm.agentJar(), TIME_WAIT, ESTABLISHED, IPV6, SETTLE_MILLIS)
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(TIME_WAIT, result.number("CHECK", "time_wait"), result.describe());
        return result;
    }

    /** One doctor run's exit code and output, cut from the checker's output between its BEGIN and END lines. */
    private static final class DoctorRun {
        final int exitCode;
        final String output;

        private DoctorRun(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        static DoctorRun of(ChildJvm.Result result, String mode) {
            String text = result.output();
            String begin = "BEGIN doctor " + mode + " exit=";
            int start = text.indexOf(begin);
            int end = text.indexOf("END doctor " + mode + "\n");
            assertTrue(start >= 0 && end > start, "no doctor " + mode + " output in:\n" + result.describe());
            int lineEnd = text.indexOf('\n', start);
            int exitCode = Integer.parseInt(text.substring(start + begin.length(), lineEnd));
            assertTrue(!text.contains("STDERR doctor " + mode), result.describe());
            return new DoctorRun(exitCode, text.substring(lineEnd + 1, end));
        }

        /** The table rows, each split into its cells (IN USE and HELD are two cells each). */
        List<List<String>> rows() {
            List<List<String>> rows = new ArrayList<>();
            boolean inTable = false;
            for (String line : output.split("\n")) {
                if (line.startsWith("SOURCE ")) {
                    inTable = true;
                } else if (inTable && line.isBlank()) {
                    break;
                } else if (inTable) {
                    rows.add(Arrays.asList(line.trim().split("\\s+")));
                }
            }
            return rows;
        }

        List<String> row(String destination) {
            for (List<String> row : rows()) {
                if (row.get(1).equals(destination)) {
                    return row;
                }
            }
            throw new AssertionError("no row for " + destination + " in:\n" + output);
        }
    }
}
