package io.loopshift.it;

import io.loopshift.it.apps.TinyConnect;
import io.loopshift.it.apps.WaitingTarget;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that fails after the hooks were woven must take its transformer back. The failure here
 * is a real one: the application names a SelectorProvider that does not exist, so the self-test's
 * SocketChannel cannot be opened, at start-up and at every later attach. Each attempt must fail
 * for that reason only; before the fix the first attempt left its transformer registered, and
 * every later attach failed instead with "could not instrument sun.nio.ch.Net" (the second
 * transformer found the JDK's class already woven by the first). Connects stay untouched.
 */
class StartFailureIT {
    private static final String FAILED = "[loopshift] ERROR could not start: ";

    @Test
    void aFailedStartLeavesNoTransformerBehindForTheNextAttach() throws Exception {
        Path go = Files.createTempDirectory("loopshift-start").resolve("go");
        String routes = "127.0.0.1:5->unix:" + Ports.socketDirectory().resolve("none.sock");
        ChildJvm.Running target = ChildJvm.main(WaitingTarget.class)
                .withAgent("loopshift.routes", routes)
                .systemProperties("java.nio.channels.spi.SelectorProvider", "io.loopshift.it.apps.NoSuchSelectorProvider")
                .args(go)
                .start();
        try {
            target.awaitOutput("READY", 60);
            for (int attach = 1; attach <= 2; attach++) {
                ChildJvm.Result cli = ChildJvm.jar(ChildJvm.agentJar()).args("attach", target.pid(), "routes=" + routes).run();
                assertEquals(0, cli.exitCode(), cli.describe());
                awaitFailures(target, 1 + attach);
            }
            Files.createFile(go);
            ChildJvm.Result result = target.finish();
            assertEquals(0, result.exitCode(), result.describe());
            assertEquals(1, result.number("RESULT", "tcp"), result.describe());
            String output = result.output();
            assertEquals(3, count(output, FAILED), output);
            assertFalse(output.contains("could not instrument"), "a later attach met the failed start's transformer:\n" + output);
            assertTrue(output.contains(FAILED + "java.util.ServiceConfigurationError"), output);
        } finally {
            target.stop();
        }
    }

    @Test
    void aSecondLoadReportsTheFirstAsStoppedWhenItsStartUpCheckFailed() throws Exception {
        // -javaagent twice: the second premain reports the first, whose check fails after premain.
        ChildJvm.Result result = ChildJvm.main(TinyConnect.class)
                .withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.1.0/24", "loopshift.log", "info")
                .jvmOption("-javaagent:" + ChildJvm.agentJar())
                .systemProperties("java.nio.channels.spi.SelectorProvider", "io.loopshift.it.apps.NoSuchSelectorProvider")
                .run();
        String output = result.output();
        assertTrue(output.contains(FAILED + "java.util.ServiceConfigurationError"), output);
        assertTrue(output.contains("The first load is stopped: its start-up check failed after premain"), output);
        assertFalse(output.contains("The first load is active"), output);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(output.contains("RESULT peer=127.0.0.1"), "the connect stays untouched:\n" + output);
    }

    private static void awaitFailures(ChildJvm.Running target, int expected) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (count(target.output(), FAILED) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + expected + " start failures in:\n" + target.output());
            }
            Thread.sleep(50);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
