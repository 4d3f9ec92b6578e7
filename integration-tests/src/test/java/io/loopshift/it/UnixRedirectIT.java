package io.loopshift.it;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.ConnectCheck;
import io.loopshift.it.apps.UnixBehaviourCheck;
import io.loopshift.it.apps.UnixConnectCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Jdk;
import io.loopshift.it.support.Netns;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code unix:} routes, in JVMs started with the agent, against an echo server that listens only
 * on a Unix socket: nothing listens on the TCP port, so a connect that was not redirected fails,
 * and where a TCP canary listens on the port it must see no connection.
 */
class UnixRedirectIT {
    private static final int CONNECTIONS = 20;

    @ParameterizedTest
    @EnumSource(ClientApi.class)
    void everyClientApiReachesTheUnixSocket(ClientApi api) throws Exception {
        assumeTrue(!api.needsVirtualThreads() || Jdk.hasVirtualThreads(), "virtual threads need JDK 21+");
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        int port = Ports.freePort();
        ChildJvm.Result result = ChildJvm.main(UnixConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(api, CONNECTIONS, socket, port, false)
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(CONNECTIONS, result.number("UNIX", "connections"), result.describe());
    }

    @Test
    void noByteArrivesOverTcpWhileATcpListenerWaitsOnThePort() throws Exception {
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        int port = Ports.freePort();
        ChildJvm.Result result = ChildJvm.main(UnixConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket)
                .args(ClientApi.SOCKET, CONNECTIONS, socket, port, true)
                .run();
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(CONNECTIONS, result.number("UNIX", "connections"), result.describe());
        assertEquals(0, result.number("TCP", "connections"), result.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams", "scatter-gather", "read-timeout", "half-close", "shutdown-input", "async-close",
            "interrupt", "options", "options-unset", "addresses", "connect-timeout-backlog-full", "nonblocking-backlog-full", "fd-reuse"})
    void redirectedSocketsBehaveLikeTcpSockets(String scenario) throws Exception {
        ChildJvm.Result result = behaviour(scenario, "fail").run();
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS " + scenario), result.describe());
    }

    @Test
    void aVirtualThreadWaitingOnAFullBacklogLeavesItsCarrierFree() throws Exception {
        assumeTrue(Jdk.hasVirtualThreads(), "virtual threads need JDK 21+");
        ChildJvm.Result result = behaviour("virtual-carrier-free", "fail")
                .jvmOption("-Djdk.virtualThreadScheduler.parallelism=1")
                .jvmOption("-Djdk.virtualThreadScheduler.maxPoolSize=1")
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS virtual-carrier-free"), result.describe());
    }

    @Test
    void aHundredThousandRedirectedConnectsLeakNoDescriptor() throws Exception {
        ChildJvm.Result result = behaviour("fd-leak", "fail").args(100_000).timeoutSeconds(300).run();
        System.out.println("fd-leak: " + result.line("DESCRIPTORS"));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS fd-leak"), result.describe());
    }

    @Test
    void withFallbackTcpAMissingSocketMeansTcpAndOneWarning() throws Exception {
        ChildJvm.Result result = behaviour("fallback-tcp", "tcp").run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(3, result.number("SERVER", "connections"), result.describe());
        assertEquals(1, result.output().split("is unavailable", -1).length - 1, result.describe());
    }

    @Test
    void withFallbackFailAMissingSocketIsAConnectExceptionNamingPathAndRoute() throws Exception {
        ChildJvm.Result result = behaviour("fallback-fail", "fail").run();
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS fallback-fail"), result.describe());
    }

    @Test
    void unixAndRotationRoutesCombine() throws Exception {
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        int port = Ports.freePort();
        String routes = "127.0.0.1:" + port + "->unix:" + socket + "; 127.0.0.1:*->source:127.0.1.0/24";
        ChildJvm.Result unix = ChildJvm.main(UnixConnectCheck.class)
                .withAgent("loopshift.routes", routes, "loopshift.fallback", "fail")
                .args(ClientApi.CHANNEL, CONNECTIONS, socket, port, false)
                .run();
        assertEquals(CONNECTIONS, unix.number("UNIX", "connections"), unix.describe());
        ChildJvm.Result rotated = ChildJvm.main(ConnectCheck.class)
                .withAgent("loopshift.routes", routes, "loopshift.fallback", "fail")
                .args(ClientApi.CHANNEL, CONNECTIONS, "127.0.0.1", "127.0.0.1")
                .run();
        assertEquals(CONNECTIONS, rotated.number("RESULT", "ok"), rotated.describe());
        assertEquals(CONNECTIONS, rotated.number("SERVER", "peers"), rotated.describe());
    }

    @ParameterizedTest
    @EnumSource(value = ClientApi.class, names = {"SOCKET", "CHANNEL", "ASYNC_FUTURE"})
    void fiveThousandConnectsInAFiftyPortNamespaceAllSucceed(ClientApi api) throws Exception {
        Netns.assumeAvailable();
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        ChildJvm.Result result = ChildJvm.main(UnixConnectCheck.class)
                .inNetns(Netns.Settings.ports(50))
                .withAgent("loopshift.routes", "127.0.0.1:3000->unix:" + socket, "loopshift.fallback", "fail")
                .args(api, 5000, socket, 3000, false)
                .run();
        System.out.println("unix:, 50 ports, " + api + ": " + result.line("RESULT") + " | " + result.line("UNIX"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(5000, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertEquals(5000, result.number("UNIX", "connections"), result.describe());
    }

    private static ChildJvm behaviour(String scenario, String fallback) {
        Path socket = Ports.socketDirectory().resolve("echo.sock");
        int port = Ports.freePort();
        return ChildJvm.main(UnixBehaviourCheck.class)
                .jvmOption("--add-opens=java.base/java.net=ALL-UNNAMED")
                .jvmOption("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .jvmOption("--add-opens=java.base/java.io=ALL-UNNAMED")
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", fallback)
                .args(scenario, socket, port);
    }
}
