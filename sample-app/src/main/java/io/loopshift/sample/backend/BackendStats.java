package io.loopshift.sample.backend;

import io.loopshift.sample.stats.Json;
import io.loopshift.sample.stats.SummaryLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the backend saw: connections per transport, and for TCP per peer address (proves
 * {@code source:} rotation) and per local address (proves {@code dest:} rotation); requests per
 * User-Agent (shows which proxy client made them). These numbers are the evidence the demo and
 * the tests rely on, so they are counted here, at the receiving end.
 */
public final class BackendStats {
    private final Map<Transport, LongAdder> connections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tcpPeers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tcpLocals = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> userAgents = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();

    void accepted(Transport transport, String peer, String local) {
        count(connections, transport);
        if (transport == Transport.TCP) {
            count(tcpPeers, peer);
            count(tcpLocals, local);
        }
    }

    void request(String userAgent) {
        requests.increment();
        count(userAgents, userAgent == null ? "none" : userAgent);
    }

    public long connections(Transport transport) {
        LongAdder counter = connections.get(transport);
        return counter == null ? 0 : counter.sum();
    }

    /** The {@code GET /stats} body. */
    public String json() {
        Map<String, Object> byTransport = new LinkedHashMap<>();
        for (Transport transport : Transport.values()) {
            byTransport.put(transport.key(), connections(transport));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("connections", byTransport);
        fields.put("requests", requests.sum());
        fields.put("tcp_peers", sums(tcpPeers));
        fields.put("tcp_locals", sums(tcpLocals));
        fields.put("user_agents", sums(userAgents));
        return Json.object(fields);
    }

    /** The line printed on exit. */
    public SummaryLine summary() {
        return new SummaryLine("BACKEND")
                .add("tcp_connections", connections(Transport.TCP))
                .add("unix_connections", connections(Transport.UNIX))
                .add("requests", requests.sum())
                .add("tcp_peers", tcpPeers.size())
                .add("tcp_locals", tcpLocals.size())
                .add("peer_sample", sample(tcpPeers))
                .add("local_sample", sample(tcpLocals))
                .add("user_agents", String.join("|", new TreeMap<>(userAgents).keySet()));
    }

    private static <K> void count(Map<K, LongAdder> counts, K key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((key, counter) -> sums.put(key, counter.sum()));
        return sums;
    }

    private static String sample(Map<String, LongAdder> counts) {
        String sample = counts.keySet().stream().sorted().limit(5).collect(Collectors.joining(","));
        return sample.isEmpty() ? "none" : sample;
    }
}
