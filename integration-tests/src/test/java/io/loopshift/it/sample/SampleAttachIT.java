package io.loopshift.it.sample;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's path: the sample proxy runs under load without the agent; loopshift is attached
 * with one route, the route is replaced, and the agent is detached, all while the load runs. No
 * request may fail. Requests sent after each step prove its effect at the backend: after the
 * attach the proxy arrives from the first pool, after the replace from the second, and after the
 * detach from 127.0.0.1 only.
 */
class SampleAttachIT {
    private static final int REQUESTS = 40;

    @Test
    void attachReplaceDetachOnTheRunningProxyFailsNoRequest() throws Exception {
        int backendPort = Ports.freePort();
        int proxyPort = Ports.freePort();
        ChildJvm.Running backend = ChildJvm.jar(ChildJvm.sampleJar())
                .args("backend", "--listen", "127.0.0.1:" + backendPort, "--max-seconds", 90).start();
        ChildJvm.Running proxy = ChildJvm.jar(ChildJvm.sampleJar())
                .args("proxy", "--listen", "127.0.0.1:" + proxyPort, "--upstream", "127.0.0.1:" + backendPort, "--client", "channel", "--max-seconds", 90).start();
        try {
            backend.awaitOutput("READY", 30);
            proxy.awaitOutput("READY", 30);
            ChildJvm.Running load = ChildJvm.jar(ChildJvm.sampleJar())
                    .args("load", "--target", "127.0.0.1:" + proxyPort, "--requests", 1_000_000, "--seconds", 9, "--concurrency", 4).start();
            Thread.sleep(1500);
            cli("attach", proxy.pid(), "routes=127.0.0.1:" + backendPort + "->source:127.0.1.0/24,log=info");
            proxy.awaitOutput("active on Java", 30);
            Map<String, Long> attached = newConnectionsByPeer(backendPort, proxyPort);
            assertTrue(sum(attached, "127.0.1.") >= REQUESTS, "requests after the attach did not come from the first pool: " + attached);
            cli("attach", proxy.pid(), "routes=127.0.0.1:" + backendPort + "->source:127.0.2.0/24,log=info");
            proxy.awaitOutput("routes replaced", 30);
            Map<String, Long> replaced = newConnectionsByPeer(backendPort, proxyPort);
            assertTrue(sum(replaced, "127.0.2.") >= REQUESTS, "requests after the replace did not come from the replaced pool: " + replaced);
            cli("detach", proxy.pid());
            proxy.awaitOutput("stopped: connects are no longer rewritten", 30);
            ChildJvm.Result loadResult = load.finish();
            assertEquals(0, loadResult.exitCode(), loadResult.describe());
            assertTrue(loadResult.number("LOAD", "ok") > 0, loadResult.describe());  // how many depends on the machine; none failing is the point
            assertEquals(0, loadResult.number("LOAD", "errors"), loadResult.describe() + "\nproxy:\n" + proxy.output());
            // The load is over, so every connection from now on is one of these requests: all from 127.0.0.1.
            Map<String, Long> detached = newConnectionsByPeer(backendPort, proxyPort);
            System.out.println("new upstream connections by peer: after attach " + sum(attached, "127.0.1.") + " from 127.0.1.x, after replace "
                    + sum(replaced, "127.0.2.") + " from 127.0.2.x, after detach " + detached);
            // 127.0.0.1 also counts the test's own GET /stats to the backend.
            assertEquals(Set.of("127.0.0.1"), detached.keySet(), "a connect was rewritten after the detach: " + detached);
            assertTrue(detached.get("127.0.0.1") >= REQUESTS, "requests after the detach did not reach the backend: " + detached);
        } finally {
            proxy.stop();
            backend.stop();
        }
    }

    /**
     * Sends {@value #REQUESTS} requests through the proxy, each of which opens a new upstream
     * connection, and returns by how much each backend peer's connection count grew meanwhile.
     */
    private static Map<String, Long> newConnectionsByPeer(int backendPort, int proxyPort) throws Exception {
        Map<String, Long> before = tcpPeers(backendPort);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
        Map<String, Long> grown = new TreeMap<>();
        tcpPeers(backendPort).forEach((peer, count) -> {
            long added = count - before.getOrDefault(peer, 0L);
            if (added > 0) {
                grown.put(peer, added);
            }
        });
        return grown;
    }

    private static long sum(Map<String, Long> byPeer, String prefix) {
        return byPeer.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    /** The backend's {@code tcp_peers}: connections per peer address, from {@code GET /stats}. */
    private static Map<String, Long> tcpPeers(int backendPort) throws Exception {
        String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher object = Pattern.compile("\"tcp_peers\":\\{([^}]*)}").matcher(stats);
        assertTrue(object.find(), stats);
        Map<String, Long> peers = new TreeMap<>();
        Matcher entry = Pattern.compile("\"([0-9.]+)\":(\\d+)").matcher(object.group(1));
        while (entry.find()) {
            peers.put(entry.group(1), Long.parseLong(entry.group(2)));
        }
        return peers;
    }

    private static void cli(Object... arguments) throws Exception {
        ChildJvm.Result result = ChildJvm.jar(ChildJvm.agentJar()).args(arguments).run();
        assertEquals(0, result.exitCode(), result.describe());
    }
}
