package io.loopshift.it;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.OpsCheck;
import io.loopshift.it.apps.SteadyLoad;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations side: JMX counters and JFR events match the connections a JVM made, and the
 * agent can be attached to a running JVM under load, have its routes replaced and be detached
 * without a single failed request.
 */
class OperationsIT {

    @Test
    void countersAndJfrEventsMatchTheConnectionsMade() throws Exception {
        int port = Ports.freePort();
        ChildJvm.Result result = ChildJvm.main(OpsCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->source:127.0.1.0/24")
                .args(port, 37, 11)
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(37, result.number("ROUTE1", "matched"), result.describe());
        assertEquals(37, result.number("ROUTE1", "rewritten"), result.describe());
        assertEquals(0, result.number("ROUTE1", "failures"), result.describe());
        assertEquals(37 % 254, result.number("ROUTE1", "rotationPosition"), result.describe());
        assertEquals(254, result.number("ROUTE1", "poolSize"), result.describe());
        assertEquals("source", result.value("ROUTE1", "action"), result.describe());
        assertEquals(37, result.number("TOTAL", "matched"), result.describe());
        // What unix: routes and Netty share shows on the total too; a source: route uses none of it.
        for (String shared : new String[] {"tcpSocketPoolSize", "tcpSocketPoolReused", "tcpSocketPoolDupFailures", "nettyConnectsWithoutBacklogRetries"}) {
            assertEquals(0, result.number("TOTAL", shared), result.describe());
        }
        assertEquals(37, result.number("JFR", "connect_events"), result.describe());
        assertEquals("127.0.0.1:" + port, result.value("JFR", "original"), result.describe());
        assertTrue(result.value("JFR", "rewritten").startsWith("127.0.1."), result.describe());
        assertEquals("connected", result.value("JFR", "outcome"), result.describe());
    }

    @Test
    void attachReplaceAndDetachUnderLoadFailNoRequest() throws Exception {
        Path directory = Files.createTempDirectory("loopshift-attach");
        Path stop = directory.resolve("stop");
        Path afterDetach = directory.resolve("after-detach");
        ChildJvm.Running target = ChildJvm.main(SteadyLoad.class).args(ClientApi.SOCKET, stop, 60, afterDetach).start();
        try {
            target.awaitOutput("READY", 30);
            Thread.sleep(500);
            attach(target, "attach", "routes=127.0.0.1:*->source:127.0.1.0/24,log=info");
            target.awaitOutput("active on Java", 30);
            // The counters compared across the detach exist only once the agent has registered them.
            target.awaitOutput("COUNTERS_REGISTERED", 30);
            attach(target, "attach", "routes=127.0.0.1:*->source:127.0.2.0/24,log=info");
            target.awaitOutput("routes replaced", 30);
            Thread.sleep(700);
            attach(target, "detach");
            target.awaitOutput("stopped: connects are no longer rewritten", 30);
            Files.createFile(afterDetach);
            target.awaitOutput("MARKED", 30);
            Thread.sleep(700);
        } finally {
            Files.createFile(stop);
        }
        ChildJvm.Result result = target.finish();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        // PEERS 127.0.0=1,127.0.1=<n>,127.0.2=<m>: before attach, under the first routes, under the replaced ones.
        String peers = result.output().lines().filter(line -> line.startsWith("PEERS ")).findFirst().orElseThrow();
        assertTrue(peers.contains("127.0.0=1"), "no plain connects before attach / after detach:\n" + result.describe());
        assertTrue(peers.matches(".*127\\.0\\.1=\\d{2,}.*"), "the first routes never applied:\n" + result.describe());
        assertTrue(peers.matches(".*127\\.0\\.2=\\d{2,}.*"), "the replaced routes never applied:\n" + result.describe());
        String log = result.output();
        assertTrue(log.indexOf("127.0.2=") > 0 && log.lastIndexOf("stopped") > log.indexOf("routes replaced"), result.describe());
        // After the detach: connects made, every one from the original address, the counters frozen.
        System.out.println(result.line("PEERS") + " / " + result.line("AFTER_MARK"));
        assertTrue(result.number("AFTER_MARK", "exchanges") >= 10, "too few connects after the detach to tell:\n" + result.describe());
        assertEquals(1, result.number("AFTER_MARK", "peers"), "a connect was rewritten after the detach:\n" + result.describe());
        assertEquals("127.0.0.1", result.value("AFTER_MARK", "peer_sample"), "a connect was rewritten after the detach:\n" + result.describe());
        assertTrue(result.number("AFTER_MARK", "matched_at_mark") > 0, result.describe());
        assertEquals(result.number("AFTER_MARK", "matched_at_mark"), result.number("AFTER_MARK", "matched_at_end"),
                "the agent still counted connects after the detach:\n" + result.describe());
        Files.deleteIfExists(afterDetach);
        Files.deleteIfExists(stop);
        Files.deleteIfExists(directory);
    }

    @Test
    void attachReportsAMissingProcessAndBadRoutesWithoutTouchingAnything() throws Exception {
        ChildJvm.Result missing = ChildJvm.jar(ChildJvm.agentJar()).args("attach", "999999999").run();
        assertEquals(1, missing.exitCode(), missing.describe());
        assertTrue(missing.output().contains("no process with pid 999999999"), missing.describe());
        ChildJvm.Result bad = ChildJvm.jar(ChildJvm.agentJar()).args("attach", ProcessHandle.current().pid(), "routes=10.0.0.1:80->source:127.0.1.0/24").run();
        assertEquals(2, bad.exitCode(), bad.describe());
        assertTrue(bad.output().contains("loopshift.routes: host '10.0.0.1'") && bad.output().contains("nothing was attached"), bad.describe());
    }

    private static void attach(ChildJvm.Running target, String command, String... arguments) throws Exception {
        ChildJvm cli = ChildJvm.jar(ChildJvm.agentJar()).args(command, target.pid());
        cli.args((Object[]) arguments);
        ChildJvm.Result result = cli.run();
        assertEquals(0, result.exitCode(), result.describe() + "\ntarget:\n" + target.output());
    }
}
