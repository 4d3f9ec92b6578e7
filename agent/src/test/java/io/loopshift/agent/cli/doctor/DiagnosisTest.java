package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counting and the verdicts over the captured fixtures (see src/test/resources/doctor/README.md). */
class DiagnosisTest {

    /** One row as the table prints it: source, destination, ESTABLISHED, TIME_WAIT, TW<2s, other, in use, held, verdict. */
    private static String row(Finding finding) {
        DestinationUsage usage = finding.usage();
        return usage.key().source() + " " + usage.key().destinationText() + " " + usage.established() + " " + usage.timeWait()
                + " " + usage.recentTimeWait() + " " + usage.other() + " " + usage.inUse() + " " + finding.held() + " " + finding.verdict().word();
    }

    private static List<String> rows(Diagnosis diagnosis) {
        List<String> rows = new ArrayList<>();
        for (Finding finding : diagnosis.findings()) {
            rows.add(row(finding));
        }
        return rows;
    }

    @Test
    void aDestinationAtNinetyPercentOfAThousandPortsIsCritical() throws DoctorException {
        Diagnosis diagnosis = Fixtures.diagnose("exhausted");
        assertEquals(List.of(
                "127.0.0.1 127.0.0.1:3000 50 850 850 0 900 900 critical",
                "127.0.0.1 127.0.0.1:5432 20 0 0 0 20 20 ok"), rows(diagnosis));
        assertEquals(Verdict.CRITICAL, diagnosis.worst());
        assertEquals(2, diagnosis.exitCode());
        assertEquals(new EphemeralRange(40000, 40999), diagnosis.snapshot().range());
        assertEquals(Map.of(TcpState.ESTABLISHED, 50, TcpState.TIME_WAIT, 850), diagnosis.findings().get(0).usage().states());
    }

    @Test
    void withTcpTwReuseABurstOfFreshTimeWaitIsStillHeld(@TempDir Path temp) throws DoctorException {
        // The fixture was captured under a second after its 850 connections closed: too soon to reuse.
        Path proc = Fixtures.copy("exhausted", temp);
        Fixtures.write(proc, ProcReader.TW_REUSE, "2\n");
        Diagnosis diagnosis = Diagnosis.of(Fixtures.read(proc));
        assertEquals("127.0.0.1 127.0.0.1:3000 50 850 850 0 900 900 critical", row(diagnosis.findings().get(0)));
        assertEquals(2, diagnosis.exitCode());
    }

    @Test
    void withTcpTwReuseTimeWaitPortsOlderThanTwoSecondsAreNotHeld(@TempDir Path temp) throws IOException, DoctorException {
        Path proc = Fixtures.copy("exhausted", temp);
        Fixtures.write(proc, ProcReader.TW_REUSE, "2\n");
        // 03:00000BB8: 0xBB8 = 3000 ticks of 10 ms, 30 s left of 60, so closed 30 s ago.
        String tcp = Files.readString(proc.resolve(ProcReader.TCP)).replaceAll(" 03:[0-9A-F]{8} ", " 03:00000BB8 ");
        Fixtures.write(proc, ProcReader.TCP, tcp);
        Diagnosis diagnosis = Diagnosis.of(Fixtures.read(proc));
        assertEquals(List.of(
                "127.0.0.1 127.0.0.1:3000 50 850 0 0 900 50 ok",
                "127.0.0.1 127.0.0.1:5432 20 0 0 0 20 20 ok"), rows(diagnosis));
        assertEquals(0, diagnosis.exitCode());
        // The same ports with tcp_tw_reuse=0 stay held, however old.
        Fixtures.write(proc, ProcReader.TW_REUSE, "0\n");
        assertEquals("127.0.0.1 127.0.0.1:3000 50 850 0 0 900 900 critical", row(Diagnosis.of(Fixtures.read(proc)).findings().get(0)));
    }

    @Test
    void theSameSocketsInALargerRangeAreAWarning(@TempDir Path temp) throws DoctorException {
        Path proc = Fixtures.copy("exhausted", temp);
        Fixtures.write(proc, ProcReader.PORT_RANGE, "40000\t41599\n");
        Diagnosis diagnosis = Diagnosis.of(Fixtures.read(proc));
        assertEquals("127.0.0.1 127.0.0.1:3000 50 850 850 0 900 900 warning", row(diagnosis.findings().get(0)));
        assertEquals(1, diagnosis.exitCode());
    }

    @Test
    void socketsWhoseLocalPortIsOutsideTheRangeAreNotCounted(@TempDir Path temp) throws DoctorException {
        Path proc = Fixtures.copy("exhausted", temp);
        // The fixture's clients use 40000-40999; from 40500 on they are outside this range.
        Fixtures.write(proc, ProcReader.PORT_RANGE, "40000 40499\n");
        Diagnosis diagnosis = Diagnosis.of(Fixtures.read(proc));
        int inUse = 0;
        for (Finding finding : diagnosis.findings()) {
            inUse += finding.usage().inUse();
        }
        long inRange = 0;
        for (SocketTable table : diagnosis.snapshot().tables()) {
            for (TcpSocket socket : table.sockets()) {
                if (socket.localPort() >= 40000 && socket.localPort() <= 40499 && socket.state() != TcpState.LISTEN) {
                    inRange++;
                }
            }
        }
        assertEquals(inRange, inUse);
        assertTrue(inUse > 0 && inUse < 920, "in use: " + inUse);
    }

    @Test
    void aHealthyMachineIsOkAndTheServerEndsOfAnEphemeralPortServerDoNotCount() throws DoctorException {
        Diagnosis diagnosis = Fixtures.diagnose("healthy");
        // The server on port 33005 (inside the range) has 3 clients; its accepted ends have local
        // port 33005 too and would show as three one-socket "destinations" if they were counted.
        assertEquals(List.of(
                "127.0.0.1 127.0.0.1:5432 12 0 0 0 12 12 ok",
                "127.0.0.1 127.0.0.1:8080 2 3 3 0 5 5 ok",
                "127.0.0.1 127.0.0.1:33005 3 0 0 0 3 3 ok",
                "::1 [::1]:9090 2 0 0 0 2 2 ok"), rows(diagnosis));
        assertEquals(0, diagnosis.exitCode());
        assertEquals(28232, diagnosis.snapshot().range().size());
    }

    @Test
    void mappedAddressesCountWithTheirIpv4DestinationAndIpv6LoopbackHasItsOwnRow() throws DoctorException {
        Diagnosis diagnosis = Fixtures.diagnose("ipv6");
        // tcp_tw_reuse=2: the TIME_WAIT ports to 3001 were 4 s old at capture and are free; those to 3002 were not.
        assertEquals(List.of(
                "::1 [::1]:3002 7 4 4 0 11 11 ok",
                "127.0.0.1 127.0.0.1:3001 8 3 0 0 11 8 ok",
                "127.0.0.2 127.0.0.1:3001 1 0 0 0 1 1 ok"), rows(diagnosis));
        assertEquals("[::1]:3002->unix:/path/to/server.sock", diagnosis.findings().get(0).fix().route());
        assertEquals("127.0.0.1:3001->source:127.0.1.0/24", diagnosis.findings().get(1).fix().route());
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws DoctorException {
        Diagnosis diagnosis = Fixtures.diagnose("malformed");
        assertEquals(List.of(
                "127.0.0.1 127.0.0.1:8080 2 3 3 0 5 5 ok",
                "::1 [::1]:9090 1 0 0 0 1 1 ok"), rows(diagnosis));
        List<SocketTable> tables = diagnosis.snapshot().tables();
        assertEquals(9, tables.get(0).malformed());
        assertEquals(2, tables.get(1).malformed());
    }

    @Test
    void emptyTablesMeanNothingToReport() throws DoctorException {
        Diagnosis diagnosis = Fixtures.diagnose("empty");
        assertTrue(diagnosis.findings().isEmpty());
        assertEquals(0, diagnosis.exitCode());
        assertTrue(diagnosis.snapshot().tables().get(1).present());
    }

    @Test
    void withoutTcp6TheIpv4TableStillCounts(@TempDir Path temp) throws Exception {
        Path proc = Fixtures.copy("exhausted", temp);
        Files.delete(proc.resolve(ProcReader.TCP6));
        Diagnosis diagnosis = Diagnosis.of(Fixtures.read(proc));
        assertFalse(diagnosis.snapshot().tables().get(1).present());
        assertEquals("127.0.0.1 127.0.0.1:3000 50 850 850 0 900 900 critical", row(diagnosis.findings().get(0)));
    }

    @Test
    void otherStatesHoldTheirPortsToo() throws DoctorException {
        EphemeralRange range = new EphemeralRange(40000, 40099);
        IpAddress localhost = new IpAddress("127.0.0.1", false, true);
        List<TcpSocket> sockets = new ArrayList<>();
        TcpState[] states = {TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT2, TcpState.SYN_SENT};
        for (int i = 0; i < states.length; i++) {
            sockets.add(new TcpSocket(localhost, 40000 + i, localhost, 3000, states[i]));
        }
        sockets.add(new TcpSocket(localhost, 40004, localhost, 3000, TcpState.TIME_WAIT, 30_000));
        sockets.add(new TcpSocket(new IpAddress("10.0.0.5", false, false), 40010, new IpAddress("10.0.0.9", false, false), 3000, TcpState.ESTABLISHED));
        List<DestinationUsage> usages = new EphemeralPortCounter(range).count(List.of(new SocketTable("net/tcp", true, sockets, 0)));
        assertEquals(1, usages.size());
        DestinationUsage usage = usages.get(0);
        assertEquals(1, usage.established());
        assertEquals(1, usage.timeWait());
        assertEquals(3, usage.other());
        assertEquals(5, usage.inUse());
        Finding withoutReuse = Finding.of(usage, range, new TimeWaitReuse(0));
        Finding withReuse = Finding.of(usage, range, new TimeWaitReuse(1));
        assertEquals(5, withoutReuse.held());
        assertEquals(4, withReuse.held());
    }
}
