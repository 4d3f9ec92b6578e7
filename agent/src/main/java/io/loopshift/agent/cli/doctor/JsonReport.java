package io.loopshift.agent.cli.doctor;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor --json}: the same facts as the table, for scripts. Counts are integers,
 * percentages are numbers with one decimal (rounded down), verdicts are the table's words.
 */
final class JsonReport {
    private JsonReport() {
    }

    static void print(Diagnosis diagnosis, PrintStream out) {
        out.println(render(diagnosis, List.of()));
    }

    /** With {@code loopshift_listening}, an array of {pid, path}, when JVMs running loopshift listen on Unix sockets. */
    static void print(Diagnosis diagnosis, List<LoopshiftListeners.Listening> listening, PrintStream out) {
        out.println(render(diagnosis, listening));
    }

    static String render(Diagnosis diagnosis) {
        return render(diagnosis, List.of());
    }

    static String render(Diagnosis diagnosis, List<LoopshiftListeners.Listening> listening) {
        ProcSnapshot snapshot = diagnosis.snapshot();
        EphemeralRange range = snapshot.range();
        JsonWriter json = new JsonWriter().beginObject();
        json.name("proc").value(snapshot.procRoot());
        json.name("ephemeral_range").beginObject()
                .name("first").value(range.first())
                .name("last").value(range.last())
                .name("size").value(range.size())
                .endObject();
        json.name("tcp_tw_reuse").value(snapshot.reuse().value());
        json.name("time_wait_reusable").value(snapshot.reuse().freesLoopbackPorts());
        json.name("tables").beginArray();
        for (SocketTable table : snapshot.tables()) {
            json.beginObject()
                    .name("file").value(table.name())
                    .name("present").value(table.present())
                    .name("sockets").value(table.sockets().size())
                    .name("malformed_lines").value(table.malformed())
                    .endObject();
        }
        json.endArray();
        json.name("verdict").value(diagnosis.worst().word());
        json.name("exit_code").value(diagnosis.exitCode());
        json.name("destinations").beginArray();
        for (Finding finding : diagnosis.findings()) {
            writeFinding(json, finding, range);
        }
        json.endArray();
        if (!listening.isEmpty()) {
            json.name("loopshift_listening").beginArray();
            for (LoopshiftListeners.Listening socket : listening) {
                json.beginObject().name("pid").value(socket.pid()).name("path").value(socket.path()).endObject();
            }
            json.endArray();
        }
        return json.endObject().toString();
    }

    private static void writeFinding(JsonWriter json, Finding finding, EphemeralRange range) {
        DestinationUsage usage = finding.usage();
        DestinationKey key = usage.key();
        json.beginObject()
                .name("source").value(key.source().text())
                .name("destination").value(key.destination().text())
                .name("port").value(key.port())
                .name("established").value(usage.established())
                .name("time_wait").value(usage.timeWait())
                .name("time_wait_under_2s").value(usage.recentTimeWait())
                .name("other").value(usage.other())
                .name("in_use").value(usage.inUse())
                .name("in_use_percent").rawNumber(Percent.of(usage.inUse(), range.size()))
                .name("held").value(finding.held())
                .name("held_percent").rawNumber(Percent.of(finding.held(), range.size()))
                .name("verdict").value(finding.verdict().word())
                .name("route").value(finding.fix().route())
                .name("unix_route").value(finding.fix().unixRoute());
        json.name("states").beginObject();
        for (Map.Entry<TcpState, Integer> state : usage.states().entrySet()) {
            json.name(state.getKey().name()).value(state.getValue());
        }
        json.endObject();
        json.endObject();
    }
}
