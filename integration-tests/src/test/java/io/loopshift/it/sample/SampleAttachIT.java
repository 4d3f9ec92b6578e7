package io.loopshift.it.sample;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's path: the sample proxy runs under load without the agent; loopshift is attached
 * with one route, the route is replaced, and the agent is detached, all while the load runs. No
 * request may fail, and the backend must have seen the proxy arrive from both pools.
 */
class SampleAttachIT {

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
            Thread.sleep(1500);
            cli("attach", proxy.pid(), "routes=127.0.0.1:" + backendPort + "->source:127.0.2.0/24,log=info");
            proxy.awaitOutput("routes replaced", 30);
            Thread.sleep(1500);
            cli("detach", proxy.pid());
            proxy.awaitOutput("stopped: connects are no longer rewritten", 30);
            ChildJvm.Result loadResult = load.finish();
            assertEquals(0, loadResult.exitCode(), loadResult.describe());
            assertTrue(loadResult.number("LOAD", "ok") > 1000, loadResult.describe());
            assertEquals(0, loadResult.number("LOAD", "errors"), loadResult.describe() + "\nproxy:\n" + proxy.output());
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(stats.contains("\"127.0.1."), "no upstream connection from the first pool: " + stats);
            assertTrue(stats.contains("\"127.0.2."), "no upstream connection from the replaced pool: " + stats);
        } finally {
            proxy.stop();
            backend.stop();
        }
    }

    private static void cli(Object... arguments) throws Exception {
        ChildJvm.Result result = ChildJvm.jar(ChildJvm.agentJar()).args(arguments).run();
        assertEquals(0, result.exitCode(), result.describe());
    }
}
