package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command as a user sees it: whole outputs compared with expected files, exit codes, errors. */
class DoctorCommandTest {

    private static String expected(String name) throws IOException {
        try (InputStream in = DoctorCommandTest.class.getResourceAsStream("/doctor/expected/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The output with the fixture's absolute path replaced, so it reads the same on every machine. */
    private static String normalised(Fixtures.Run run, Path proc) {
        return run.out().replace(System.lineSeparator(), "\n").replace(proc.toString(), "<proc>");
    }

    @Test
    void printsTheTableWithTheFixForACriticalDestination() throws IOException {
        Path proc = Fixtures.proc("exhausted");
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertEquals(expected("exhausted.txt"), normalised(run, proc));
        assertEquals(2, run.exitCode());
        assertEquals("", run.err());
    }

    @Test
    void printsJsonWithTheSameNumbers() throws IOException {
        Path proc = Fixtures.proc("exhausted");
        Fixtures.Run run = Fixtures.run("--json", "--proc", proc.toString());
        assertEquals(expected("exhausted.json"), normalised(run, proc));
        assertEquals(2, run.exitCode());
    }

    @Test
    void saysSoWhenNothingHoldsAnEphemeralPort() throws IOException {
        Path proc = Fixtures.proc("empty");
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertEquals(expected("empty.txt"), normalised(run, proc));
        assertEquals(0, run.exitCode());
    }

    @Test
    void namesTheMalformedLinesItSkipped() {
        Path proc = Fixtures.proc("malformed");
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertTrue(run.out().contains("  sockets          net/tcp 8 sockets (9 malformed lines skipped), net/tcp6 2 sockets (2 malformed lines skipped)\n"), run.out());
        assertEquals(0, run.exitCode());
        Fixtures.Run json = Fixtures.run("--json", "--proc", proc.toString());
        assertTrue(json.out().contains("\"file\": \"net/tcp\",\n      \"present\": true,\n      \"sockets\": 8,\n      \"malformed_lines\": 9"), json.out());
    }

    @Test
    void exitsOneForAWarning(@TempDir Path temp) {
        Path proc = Fixtures.copy("exhausted", temp);
        Fixtures.write(proc, ProcReader.PORT_RANGE, "40000\t41599\n");
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("\nwarning: 127.0.0.1 -> 127.0.0.1:3000 holds 900 of 1600 ephemeral ports (56.2%)\n"), run.out());
        assertEquals(1, Fixtures.run("--json", "--proc", proc.toString()).exitCode());
    }

    @Test
    void saysWhenTcp6IsAbsent(@TempDir Path temp) throws IOException {
        Path proc = Fixtures.copy("empty", temp);
        Files.delete(proc.resolve(ProcReader.TCP6));
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertTrue(run.out().contains("  sockets          net/tcp 0 sockets, net/tcp6 absent (no IPv6)\n"), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void exitsThreeWhenAFileIsMissing(@TempDir Path temp) throws IOException {
        Path proc = Fixtures.copy("empty", temp);
        Files.delete(proc.resolve(ProcReader.TCP));
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertEquals(3, run.exitCode());
        assertEquals("", run.out());
        assertEquals("loopshift doctor: cannot read " + proc.resolve("net/tcp") + ": it does not exist"
                + " (the doctor needs Linux's /proc; --proc DIR reads another copy)\n", run.err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void exitsThreeWhenTheRangeCannotBeRead(@TempDir Path temp) {
        Path proc = Fixtures.copy("empty", temp);
        Fixtures.write(proc, ProcReader.PORT_RANGE, "32768\n");
        Fixtures.Run run = Fixtures.run("--proc", proc.toString());
        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("ip_local_port_range holds '32768', expected two port numbers"), run.err());
    }

    @Test
    void exitsThreeOnAnUnknownOption() {
        Fixtures.Run run = Fixtures.run("--jsn");
        assertEquals(3, run.exitCode());
        assertTrue(run.err().startsWith("loopshift doctor: unknown option '--jsn'"), run.err());
        assertEquals(3, Fixtures.run("--proc").exitCode());
    }

    @Test
    void printsHelp() {
        Fixtures.Run run = Fixtures.run("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("usage: java -jar loopshift-agent.jar doctor [--json] [--proc DIR]"), run.out());
        assertTrue(run.out().contains("Exit code: 0 all ok, 1 a warning (50-80% held), 2 something critical (over 80% held),"), run.out());
    }
}
