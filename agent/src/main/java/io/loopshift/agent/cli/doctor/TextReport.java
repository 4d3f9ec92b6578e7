package io.loopshift.agent.cli.doctor;

import java.io.PrintStream;
import java.util.List;

/** The doctor's default output: settings, one row per destination, then what to do about the full ones. */
final class TextReport {
    private static final String[] HEADERS = {"SOURCE", "DESTINATION", "ESTABLISHED", "TIME_WAIT", "TW<2s", "OTHER", "IN USE", "HELD", "VERDICT"};
    private static final boolean[] RIGHT = {false, false, true, true, true, true, true, true, false};

    private TextReport() {
    }

    static void print(Diagnosis diagnosis, PrintStream out) {
        ProcSnapshot snapshot = diagnosis.snapshot();
        EphemeralRange range = snapshot.range();
        out.println("loopshift doctor: ephemeral ports held by connections to loopback addresses, from " + snapshot.procRoot());
        out.println("  ephemeral range  " + range + ": " + range.size() + " ports for each source, destination and port");
        out.println("  tcp_tw_reuse     " + snapshot.reuse().value() + ": " + snapshot.reuse().explanation());
        out.println("  sockets          " + tablesLine(snapshot));
        out.println();
        if (diagnosis.findings().isEmpty()) {
            out.println("No connection to a loopback address holds an ephemeral port.");
        } else {
            TextTable table = new TextTable(HEADERS, RIGHT);
            for (Finding finding : diagnosis.findings()) {
                DestinationUsage usage = finding.usage();
                table.add(usage.key().source().text(), usage.key().destinationText(),
                        Integer.toString(usage.established()), Integer.toString(usage.timeWait()), Integer.toString(usage.recentTimeWait()),
                        Integer.toString(usage.other()),
                        share(usage.inUse(), range), share(finding.held(), range), finding.verdict().word());
            }
            table.print(out);
            printAdvice(diagnosis, out);
        }
        out.println();
        for (Verdict verdict : Verdict.values()) {
            out.println((verdict == Verdict.OK ? "verdicts: " : "          ") + pad(verdict.word(), 10) + verdict.meaning());
        }
        out.println("exit code " + diagnosis.exitCode() + " (" + diagnosis.worst().word() + ")");
    }

    /** The Unix sockets JVMs running loopshift listen on; nothing at all when there are none. */
    static void printListening(List<LoopshiftListeners.Listening> listening, PrintStream out) {
        if (listening.isEmpty()) {
            return;
        }
        out.println();
        out.println("Unix sockets that JVMs running loopshift listen on (loopshift.listen):");
        TextTable table = new TextTable(new String[] {"PID", "PATH"}, new boolean[] {true, false});
        for (LoopshiftListeners.Listening socket : listening) {
            table.add(Long.toString(socket.pid()), socket.path());
        }
        table.print(out);
    }

    private static String tablesLine(ProcSnapshot snapshot) {
        StringBuilder line = new StringBuilder();
        for (SocketTable table : snapshot.tables()) {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(table.name());
            if (!table.present()) {
                line.append(" absent (no IPv6)");
                continue;
            }
            int sockets = table.sockets().size();
            line.append(' ').append(sockets).append(sockets == 1 ? " socket" : " sockets");
            if (table.malformed() > 0) {
                line.append(" (").append(table.malformed()).append(table.malformed() == 1 ? " malformed line" : " malformed lines").append(" skipped)");
            }
        }
        return line.toString();
    }

    private static String pad(String word, int width) {
        return word + " ".repeat(Math.max(1, width - word.length()));
    }

    private static String share(int count, EphemeralRange range) {
        return count + " (" + Percent.of(count, range.size()) + "%)";
    }

    private static void printAdvice(Diagnosis diagnosis, PrintStream out) {
        EphemeralRange range = diagnosis.snapshot().range();
        for (Finding finding : diagnosis.findings()) {
            if (finding.verdict() == Verdict.OK) {
                continue;
            }
            DestinationKey key = finding.usage().key();
            out.println();
            out.println(finding.verdict().word() + ": " + key.source() + " -> " + key.destinationText() + " holds " + finding.held()
                    + " of " + range.size() + " ephemeral ports (" + Percent.of(finding.held(), range.size()) + "%)");
            out.println("  fix: " + FixRoute.property(finding.fix().route()));
            out.println("       " + finding.fix().explanation());
            if (finding.fix().hasAlternative()) {
                out.println("  or:  " + FixRoute.property(finding.fix().unixRoute()));
                out.println("       if the server can listen on a Unix socket (give its path): no port at all");
            }
        }
    }
}
