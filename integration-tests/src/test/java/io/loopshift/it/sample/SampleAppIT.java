package io.loopshift.it.sample;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;
import io.loopshift.it.support.Nginx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static io.loopshift.it.sample.SampleScenario.PORTS;
import static io.loopshift.it.sample.SampleScenario.REQUESTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample's promise, for every upstream client of the proxy: 3,000 requests through a proxy
 * that opens a connection per request, in a namespace with 200 ephemeral ports and
 * tcp_tw_reuse=0. Without the agent the backend is reached at most 200 times and the rest fail
 * with EADDRNOTAVAIL; with {@code source:} or {@code dest:} every request succeeds on its own
 * connection, from (or to) many addresses; with {@code unix:} every request arrives on the
 * backend's Unix socket and its TCP listener sees none. The backend counts the connections,
 * so these fail whenever the rewrite does not happen, whatever the proxy believes. With real nginx
 * as the proxy: over TCP it runs out of ports the same way; to a backend whose JVM listens on a Unix
 * socket through {@code loopshift.listen}, every request is served and the backend's TCP port refuses.
 */
class SampleAppIT {
    static final String[] CLIENTS = SampleScenario.CLIENTS;

    @BeforeEach
    void needsNamespace() {
        Netns.assumeAvailable();
    }

    @ParameterizedTest
    @FieldSource("CLIENTS")
    void withoutTheAgentTheProxyRunsOutOfPorts(String client) throws Exception {
        ChildJvm.Result result = SampleScenario.run("none", client);
        long reached = result.number("BACKEND", "tcp_connections");
        long eaddrnotavail = result.number("PROXY", "eaddrnotavail");
        assertTrue(reached <= PORTS, "one source address cannot make more connections than the range has ports\n" + result.describe());
        assertTrue(reached >= PORTS / 2, "the range should be used up before the failures\n" + result.describe());
        assertEquals(result.number("BACKEND", "requests"), reached, "one connection per request\n" + result.describe());
        assertEquals(REQUESTS - result.number("LOAD", "ok"), eaddrnotavail, "every failed request is named EADDRNOTAVAIL\n" + result.describe());
        assertEquals(eaddrnotavail, result.number("PROXY", "upstream_errors"), result.describe());
        assertEquals(eaddrnotavail, result.number("LOAD", "eaddrnotavail"), "the 502s tell the load generator the kind\n" + result.describe());
        assertEquals(1, result.number("BACKEND", "tcp_peers"), result.describe());
        assertTrue(result.value("BACKEND", "user_agents").startsWith(SampleScenario.expectedUserAgent(client)), result.describe());
    }

    @ParameterizedTest
    @FieldSource("CLIENTS")
    void sourceRotationServesEveryRequestFromManyAddresses(String client) throws Exception {
        ChildJvm.Result result = SampleScenario.run("source", client);
        assertEveryRequestServed(result, client);
        assertEquals(REQUESTS, result.number("BACKEND", "tcp_connections"), "one TCP connection per request\n" + result.describe());
        assertEquals(0, result.number("BACKEND", "unix_connections"), result.describe());
        assertTrue(result.number("BACKEND", "tcp_peers") >= 200, "peers from 127.0.1.0/24\n" + result.describe());
        assertTrue(result.value("BACKEND", "peer_sample").startsWith("127.0.1."), result.describe());
    }

    @ParameterizedTest
    @FieldSource("CLIENTS")
    void destRotationReachesTheBackendOnManyAddresses(String client) throws Exception {
        ChildJvm.Result result = SampleScenario.run("dest", client);
        assertEveryRequestServed(result, client);
        assertEquals(REQUESTS, result.number("BACKEND", "tcp_connections"), "one TCP connection per request\n" + result.describe());
        assertTrue(result.number("BACKEND", "tcp_locals") >= 200, "reached on addresses of 127.0.0.0/24\n" + result.describe());
        assertTrue(result.value("BACKEND", "local_sample").startsWith("127.0.0."), result.describe());
    }

    @ParameterizedTest
    @FieldSource("CLIENTS")
    void unixRedirectBypassesTcpEntirely(String client) throws Exception {
        ChildJvm.Result result = SampleScenario.run("unix", client);
        assertEveryRequestServed(result, client);
        assertEquals(REQUESTS, result.number("BACKEND", "unix_connections"), "one Unix socket connection per request\n" + result.describe());
        assertEquals(0, result.number("BACKEND", "tcp_connections"), "the backend's TCP listener saw no connection\n" + result.describe());
    }

    @Test
    void nginxOverTcpRunsOutOfPortsToo() throws Exception {
        Nginx.assumeInstalled();
        ChildJvm.Result result = SampleScenario.runNginx("none");
        long reached = result.number("BACKEND", "tcp_connections");
        long eaddrnotavail = result.number("NGINX", "eaddrnotavail");
        assertTrue(reached <= PORTS, "nginx's one source address cannot make more connections than the range has ports\n" + result.describe());
        assertTrue(reached >= PORTS / 2, "the range should be used up before the failures\n" + result.describe());
        assertEquals(REQUESTS - result.number("LOAD", "ok"), eaddrnotavail, "every failed request is an EADDRNOTAVAIL in nginx's log\n" + result.describe());
        assertEquals(eaddrnotavail, result.number("LOAD", "errors"), result.describe());
    }

    @Test
    void nginxToABackendOnAListenSocketServesEveryRequestWithItsTcpPortClosed() throws Exception {
        Nginx.assumeInstalled();
        ChildJvm.Result result = SampleScenario.runNginx("listen");
        assertTrue(result.value("LISTEN", "tcp_port").startsWith("closed"), "the backend's TCP port refuses\n" + result.describe());
        assertEquals("exists", result.value("LISTEN", "socket"), result.describe());
        assertEquals(REQUESTS, result.number("LOAD", "ok"), result.describe());
        assertEquals(0, result.number("LOAD", "errors"), result.describe());
        assertEquals(0, result.number("NGINX", "upstream_errors"), result.describe());
        assertEquals(REQUESTS, result.number("BACKEND", "requests"), result.describe());
        assertEquals(REQUESTS, result.number("BACKEND", "tcp_connections"), "one connection per request on the (moved) listener\n" + result.describe());
        assertEquals("127.0.0.1", result.value("BACKEND", "peer_sample"), "the backend sees loopback TCP peers\n" + result.describe());
    }

    private static void assertEveryRequestServed(ChildJvm.Result result, String client) {
        assertEquals(REQUESTS, result.number("LOAD", "ok"), result.describe());
        assertEquals(0, result.number("LOAD", "errors"), result.describe());
        assertEquals(0, result.number("PROXY", "upstream_errors"), result.describe());
        assertEquals(REQUESTS, result.number("BACKEND", "requests"), result.describe());
        assertTrue(result.value("BACKEND", "user_agents").startsWith(SampleScenario.expectedUserAgent(client)), result.describe());
    }
}
