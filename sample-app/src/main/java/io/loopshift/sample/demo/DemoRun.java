package io.loopshift.sample.demo;

import io.loopshift.sample.scenario.RouteMode;
import io.loopshift.sample.stats.Numbers;
import io.loopshift.sample.stats.PerSecondCounter;
import io.loopshift.sample.stats.SummaryLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One finished run as the scenario reported it: the children's own summary lines, the agent's
 * lines, and what they mean. Findings are derived from the backend's counts (and, for a listen
 * rule, from its TCP port probed from outside), not from what the run was meant to show, so a
 * route or rule that did not take effect is reported as such.
 */
final class DemoRun {
    private final DemoCase demoCase;
    private final SummaryLine run;
    private final SummaryLine backend;
    private final SummaryLine proxy;
    private final SummaryLine nginx;
    private final SummaryLine listen;
    private final SummaryLine load;
    private final List<String> agentLines;
    private final List<String> problems;

    private DemoRun(DemoCase demoCase, SummaryLine[] lines, List<String> agentLines, List<String> problems) {
        this.demoCase = demoCase;
        this.run = lines[0];
        this.backend = lines[1];
        this.proxy = lines[2];
        this.nginx = lines[3];
        this.listen = lines[4];
        this.load = lines[5];
        this.agentLines = agentLines;
        this.problems = problems;
    }

    static DemoRun parse(DemoCase demoCase, List<String> lines, int exitCode) {
        String[] tags = {"RUN", "BACKEND", "PROXY", "NGINX", "LISTEN", "LOAD"};
        SummaryLine[] found = new SummaryLine[tags.length];
        List<String> agentLines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            for (int i = 0; i < tags.length; i++) {
                SummaryLine parsed = SummaryLine.parse(tags[i], line);
                found[i] = parsed != null ? parsed : found[i];
            }
            if (line.startsWith("AGENT_LINE ")) {
                agentLines.add(line.substring("AGENT_LINE ".length()));
            }
            if (line.startsWith("FAILED ")) {
                problems.add(line.substring("FAILED ".length()));
            }
        }
        if (exitCode != 0) {
            problems.add("the run exited with code " + exitCode);
        }
        return new DemoRun(demoCase, found, agentLines, problems);
    }

    boolean complete() {
        return run != null && backend != null && load != null && (demoCase.nginx() ? nginx != null : proxy != null)
                && (mode() != RouteMode.LISTEN || listen != null);
    }

    DemoCase demoCase() {
        return demoCase;
    }

    RouteMode mode() {
        return demoCase.mode();
    }

    List<String> problems() {
        return problems;
    }

    List<String> agentLines() {
        return agentLines;
    }

    String label() {
        return demoCase.label();
    }

    /** The label as the start of a sentence: "no agent: ", "source: ". */
    String heading() {
        return label() + (label().endsWith(":") ? " " : ": ");
    }

    /** The agent's configuration in this run ({@code loopshift.routes} or {@code loopshift.listen}), or "none". */
    String agentConfiguration() {
        return mode() == RouteMode.LISTEN ? "loopshift.listen=" + run.get("listen") : "loopshift.routes=" + run.get("routes");
    }

    String portRange() {
        return run.get("port_range");
    }

    String twReuse() {
        return run.get("tw_reuse");
    }

    long ok() {
        return load.number("ok");
    }

    long errors() {
        return load.number("errors");
    }

    /** Requests that failed because the proxy's connect found no free port: counted by the Java proxy, or read from nginx's error log. */
    long eaddrnotavail() {
        return demoCase.nginx() ? nginx.number("eaddrnotavail") : load.number("eaddrnotavail");
    }

    String p99() {
        return load.get("p99_ms");
    }

    long tcpConnections() {
        return backend.number("tcp_connections");
    }

    long unixConnections() {
        return backend.number("unix_connections");
    }

    long distinctPeers() {
        return backend.number("tcp_peers");
    }

    String peerSample() {
        return backend.get("peer_sample");
    }

    /** True if a listen rule really moved the backend: its TCP port refused while the socket existed. */
    boolean listenApplied() {
        return listen != null && listen.get("tcp_port").startsWith("closed") && listen.get("socket").equals("exists");
    }

    /** Requests answered with 200 per second of the load, from its start (a last, partial second is dropped). */
    long[] timeline() {
        long[] perSecond = PerSecondCounter.parse(load.get("ok_timeline"));
        int seconds = (int) Math.floor(load.decimal("seconds"));
        return Arrays.copyOf(perSecond, Math.min(perSecond.length, Math.max(seconds, 1)));
    }

    /** Requests answered with 200 per second over the window after warm-up: the same window in every run. */
    long steadyRate(int warmup, int seconds) {
        long[] timeline = timeline();
        long sum = 0;
        for (int s = warmup; s < Math.min(timeline.length, warmup + seconds); s++) {
            sum += timeline[s];
        }
        return Math.round((double) sum / seconds);
    }

    /** The agent's state as its own log lines say: "-", "active" or "ERROR". */
    String agentState() {
        if (!mode().usesAgent()) {
            return "-";
        }
        for (String line : agentLines) {
            if (line.contains(" ERROR ")) {
                return "ERROR, inert";
            }
        }
        for (String line : agentLines) {
            if (line.contains(" active ")) {
                return "active";
            }
        }
        return "no start-up line";
    }

    /** Where the upstream connections went, as the backend counted them. */
    String transport() {
        if (mode() == RouteMode.LISTEN) {
            // The backend's listener looks like TCP to it (that is the point); the probe says where it really was.
            return listenApplied() ? "unix " + Numbers.grouped(tcpConnections()) + ", tcp port closed"
                    : "tcp " + Numbers.grouped(tcpConnections()) + ", tcp port " + listen.get("tcp_port");
        }
        if (unixConnections() == 0) {
            return "tcp " + Numbers.grouped(tcpConnections()) + (mode() == RouteMode.UNIX ? ", unix 0" : "");
        }
        return "unix " + Numbers.grouped(unixConnections()) + ", tcp " + Numbers.grouped(tcpConnections());
    }

    String distinctSources() {
        boolean noTcp = mode() == RouteMode.LISTEN ? listenApplied() : tcpConnections() == 0;
        return noTcp ? "- (no TCP)" : Numbers.grouped(distinctPeers());
    }

    /** One or two sentences on what this run shows, from the backend's and the load's numbers. */
    String finding() {
        long connections = tcpConnections() + unixConnections();
        String perRequest = connections == backend.number("requests")
                ? "" : " (note: backend saw " + Numbers.grouped(connections) + " connections for " + Numbers.grouped(backend.number("requests")) + " requests)";
        String who = heading();
        switch (mode()) {
            case NONE:
                if (eaddrnotavail() > 0) {
                    return who + Numbers.grouped(tcpConnections()) + " upstream connections succeeded, then the range was all in TIME_WAIT and "
                            + Numbers.grouped(eaddrnotavail()) + " requests failed with EADDRNOTAVAIL (502)." + perRequest;
                }
                return who + "no EADDRNOTAVAIL in this run (" + Numbers.grouped(errors()) + " errors); the range did not run out." + perRequest;
            case LISTEN:
                if (!listenApplied()) {
                    return who + "NOT applied: the backend's TCP port was " + listen.get("tcp_port") + " and its socket " + listen.get("socket")
                            + (agentState().startsWith("ERROR") ? " (the agent refused the rule at start-up, see its line below)." : ".") + perRequest;
                }
                return who + "the backend's TCP port refused connections and nginx proxied to its Unix socket: all "
                        + Numbers.grouped(tcpConnections()) + " upstream connections went over it, " + Numbers.grouped(errors()) + " errors."
                        + perRequest;
            case UNIX:
                if (unixConnections() == 0) {
                    return who + "NOT applied: the backend's Unix socket saw 0 connections, all " + Numbers.grouped(tcpConnections())
                            + " upstream connections came over TCP, so this run behaved like 'no agent'"
                            + (agentState().startsWith("ERROR") ? " (the agent refused the route at start-up, see its line below)." : ".") + perRequest;
                }
                if (tcpConnections() > 0) {
                    return who + "partly applied: " + Numbers.grouped(unixConnections()) + " connections over the Unix socket, "
                            + Numbers.grouped(tcpConnections()) + " over TCP (fallback?)." + perRequest;
                }
                return who + "all " + Numbers.grouped(unixConnections()) + " upstream connections went over the Unix socket; the backend's TCP listener saw none, "
                        + Numbers.grouped(errors()) + " errors." + perRequest;
            default:
                if (distinctPeers() <= 1) {
                    return who + "NOT applied: the backend saw " + distinctPeers() + " source address (" + peerSample() + "), "
                            + Numbers.grouped(errors()) + " errors." + perRequest;
                }
                return who + "the backend saw " + Numbers.grouped(distinctPeers()) + " distinct source addresses (" + peerSample() + ", ...), "
                        + Numbers.grouped(errors()) + " errors." + perRequest;
        }
    }
}
