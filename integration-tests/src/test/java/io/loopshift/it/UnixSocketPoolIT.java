package io.loopshift.it;

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
        System.out.println(scenario + ": " + result.line("HANDED_OUT") + result.line("OPTIONS"));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS " + scenario), result.describe());
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
