package io.loopshift.it;

import io.loopshift.it.apps.DupFailureCheck;
import io.loopshift.it.apps.SocketPoolCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP sockets {@code unix:} redirects replace and hand back to the JDK's next socket, and the
 * SOL_SOCKET options set before a redirected connect, seen by an application in a JVM started
 * with the agent ({@link SocketPoolCheck}).
 */
class UnixSocketPoolIT {

    @ParameterizedTest
    @ValueSource(strings = {"handed-out-like-new", "changed-not-kept", "options-before-connect"})
    void keptSocketsAreIndistinguishableFromNewOnes(String scenario) throws Exception {
        ChildJvm.Result result = check(scenario).run();
        System.out.println(scenario + ": " + result.line("HANDED_OUT") + result.line("OPTIONS") + result.line("POOL_JMX"));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS " + scenario), result.describe());
        if (scenario.equals("handed-out-like-new")) {
            // JMX counts every socket the check saw handed out again (and the IPv4 one), and no failed dup.
            assertTrue(result.number("POOL_JMX", "reused") >= result.number("HANDED_OUT", "reused") + 1, result.describe());
            assertEquals(0, result.number("POOL_JMX", "dupFailures"), result.describe());
        }
    }

    /**
     * Out of descriptors but for the two a redirect needs: the dup that would keep the replaced TCP
     * socket fails (EMFILE), every redirect still connects and echoes, each failed dup is counted
     * in JMX, and the first is warned about, once.
     */
    @Test
    void aDupThatFailsForWantOfDescriptorsIsCountedAndWarnedOnceAndTheRedirectGoesOn() throws Exception {
        Path socket = Ports.socketDirectory().resolve("dup.sock");
        int port = Ports.freePort();
        int connects = 3;
        ChildJvm.Result result = ChildJvm.main(DupFailureCheck.class).descriptorLimit(256)
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(socket, port, connects).run();
        String warning = "[loopshift] WARN a TCP socket replaced by a unix: redirect could not be kept for reuse: dup failed (Too many open files)";
        System.out.println("dup-fails: " + result.line("DUP_FAILURES") + " | " + result.line("POOL_AFTER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(connects, result.number("DUP_FAILURES", "echoed"), result.describe());
        assertEquals(0, result.number("POOL_BEFORE", "dupFailures"), result.describe());
        assertEquals(connects, result.number("POOL_AFTER", "dupFailures"), result.describe());
        assertEquals(0, result.number("POOL_AFTER", "kept"), result.describe());
        assertEquals(1, result.output().lines().filter(line -> line.startsWith(warning)).count(), result.describe());
    }

    /** Negative control: without the agent nothing is redirected, and the first check says so. */
    @Test
    void withoutTheAgentTheScenarioFails() throws Exception {
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        ChildJvm.Result result = ChildJvm.main(SocketPoolCheck.class)
                .jvmOption("--add-opens=java.base/java.net=ALL-UNNAMED")
                .jvmOption("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .jvmOption("--add-opens=java.base/java.io=ALL-UNNAMED")
                .args("handed-out-like-new", socket, Ports.freePort())
                .run();
        assertTrue(result.exitCode() != 0 && !result.output().contains("PASS"), result.describe());
    }

    @Test
    void tenThousandRedirectsWithThePoolLeakNoDescriptor() throws Exception {
        ChildJvm.Result result = check("pool-leak").args(10_000)
                .timeoutSeconds(300).run();
        System.out.println("pool-leak: " + result.line("DESCRIPTORS"));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS pool-leak"), result.describe());
    }

    private static ChildJvm check(String scenario) {
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        int port = Ports.freePort();
        return ChildJvm.main(SocketPoolCheck.class)
                .jvmOption("--add-opens=java.base/java.net=ALL-UNNAMED")
                .jvmOption("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .jvmOption("--add-opens=java.base/java.io=ALL-UNNAMED")
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(scenario, socket, port);
    }
}
