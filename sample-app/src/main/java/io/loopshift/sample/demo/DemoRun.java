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
 * lines, and what they mean. Findings are derived from the backend's counts, not from what the
 * run was meant to show, so a route that did not take effect is reported as such.
 */
final class DemoRun {
    private final RouteMode mode;
    private final SummaryLine run;
    private final SummaryLine backend;
    private final SummaryLine proxy;
    private final SummaryLine load;
    private final List<String> agentLines;
    private final List<String> problems;

    private DemoRun(RouteMode mode, SummaryLine run, SummaryLine backend, SummaryLine proxy, SummaryLine load,
                    List<String> agentLines, List<String> problems) {
        this.mode = mode;
        this.run = run;
        this.backend = backend;
        this.proxy = proxy;
        this.load = load;
        this.agentLines = agentLines;
        this.problems = problems;
    }

    static DemoRun parse(RouteMode mode, List<String> lines, int exitCode) {
        SummaryLine run = null;
        SummaryLine backend = null;
        SummaryLine proxy = null;
        SummaryLine load = null;
        List<String> agentLines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            run = firstNonNull(SummaryLine.parse("RUN", line), run);
            backend = firstNonNull(SummaryLine.parse("BACKEND", line), backend);
            proxy = firstNonNull(SummaryLine.parse("PROXY", line), proxy);
            load = firstNonNull(SummaryLine.parse("LOAD", line), load);
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
        return new DemoRun(mode, run, backend, proxy, load, agentLines, problems);
    }

    private static SummaryLine firstNonNull(SummaryLine parsed, SummaryLine previous) {
        return parsed != null ? parsed : previous;
    }

    boolean complete() {
        return run != null && backend != null && proxy != null && load != null;
    }

    RouteMode mode() {
        return mode;
    }

    List<String> problems() {
        return problems;
    }

    List<String> agentLines() {
        return agentLines;
    }

    String label() {
        return switch (mode) {
            case NONE -> "no agent";
            case SOURCE -> "source:";
            case DEST -> "dest:";
            case UNIX -> "unix:";
        };
    }

    String routes() {
        return run.get("routes");
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

    long eaddrnotavail() {
        return load.number("eaddrnotavail");
    }

    String errorKinds() {
        return load.get("error_kinds");
    }

    long okPerSecond() {
        return load.number("ok_per_second");
    }

    double seconds() {
        return load.decimal("seconds");
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

    long proxyEaddrnotavail() {
        return proxy.number("eaddrnotavail");
    }

    /** Successful upstream connections per whole second of the load (a last, partial second is dropped). */
    long[] timeline() {
        long[] perSecond = PerSecondCounter.parse(proxy.get("ok_per_second"));
        int seconds = (int) Math.floor(seconds());
        return Arrays.copyOf(perSecond, Math.min(perSecond.length, Math.max(seconds, 1)));
    }

    /** The agent's state as its own log lines say: "-", "active" or "ERROR". */
    String agentState() {
        if (!mode.usesAgent()) {
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

    String transport() {
        if (unixConnections() == 0) {
            return "tcp " + Numbers.grouped(tcpConnections()) + (mode == RouteMode.UNIX ? ", unix 0" : "");
        }
        return "unix " + Numbers.grouped(unixConnections()) + ", tcp " + Numbers.grouped(tcpConnections());
    }

    /** One or two sentences on what this run shows, from the backend's and the load's numbers. */
    String finding() {
        long connections = tcpConnections() + unixConnections();
        String perRequest = connections == backend.number("requests")
                ? "" : " (note: backend saw " + Numbers.grouped(connections) + " connections for " + Numbers.grouped(backend.number("requests")) + " requests)";
        switch (mode) {
            case NONE:
                if (eaddrnotavail() > 0) {
                    return "no agent: " + Numbers.grouped(tcpConnections()) + " upstream connections succeeded, then the range was all in TIME_WAIT and "
                            + Numbers.grouped(eaddrnotavail()) + " requests failed with EADDRNOTAVAIL (502)." + perRequest;
                }
                return "no agent: no EADDRNOTAVAIL in this run (" + Numbers.grouped(errors()) + " errors); the range did not run out." + perRequest;
            case UNIX:
                if (unixConnections() == 0) {
                    return "unix: NOT applied: the backend's Unix socket saw 0 connections, all " + Numbers.grouped(tcpConnections())
                            + " upstream connections came over TCP, so this run behaved like 'no agent'"
                            + (agentState().startsWith("ERROR") ? " (the agent refused the route at start-up, see its line below)." : ".") + perRequest;
                }
                if (tcpConnections() > 0) {
                    return "unix: partly applied: " + Numbers.grouped(unixConnections()) + " connections over the Unix socket, "
                            + Numbers.grouped(tcpConnections()) + " over TCP (fallback?)." + perRequest;
                }
                return "unix: all " + Numbers.grouped(unixConnections()) + " upstream connections went over the Unix socket; the backend's TCP listener saw none, "
                        + Numbers.grouped(errors()) + " errors." + perRequest;
            default:
                if (distinctPeers() <= 1) {
                    return label() + " NOT applied: the backend saw " + distinctPeers() + " source address (" + peerSample() + "), "
                            + Numbers.grouped(errors()) + " errors." + perRequest;
                }
                return label() + " the backend saw " + Numbers.grouped(distinctPeers()) + " distinct source addresses (" + peerSample() + ", ...), "
                        + Numbers.grouped(errors()) + " errors." + perRequest;
        }
    }
}
