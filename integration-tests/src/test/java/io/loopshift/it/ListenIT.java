package io.loopshift.it;

import io.loopshift.it.apps.AllUnixCheck;
import io.loopshift.it.apps.ListenCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Jdk;
import io.loopshift.it.support.Netns;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code loopshift.listen}: unmodified servers on ServerSocket, ServerSocketChannel (blocking and
 * with a Selector) and AsynchronousServerSocketChannel bind a TCP address, listen on a Unix socket
 * instead, and see loopback TCP peers; clients connect straight to the socket file, as a proxy
 * would. Each JVM runs in a private network namespace where one is available, so nothing else
 * can answer on the TCP port the checks expect closed.
 */
class ListenIT {
    private static final int PORT = 3000;

    @ParameterizedTest
    @ValueSource(strings = {"server-socket", "channel-blocking", "channel-selector", "async", "accept-timeout",
            "close-while-accepting", "interrupt", "options", "stale-file", "live-file", "not-a-socket", "replaced-file"})
    void aServerListensOnTheUnixSocketAndSeesLoopbackTcpPeers(String scenario) throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        ChildJvm.Result result = check(scenario, "127.0.0.1:" + PORT + "->unix:" + socket, socket).run();
        assertPassed(scenario, result);
    }

    @Test
    void aServerSocketOnVirtualThreads() throws Exception {
        assumeTrue(Jdk.hasVirtualThreads(), "virtual threads need JDK 21+");
        Path socket = Ports.socketDirectory().resolve("app.sock");
        assertPassed("server-socket-virtual", check("server-socket-virtual", "127.0.0.1:" + PORT + "->unix:" + socket, socket).run());
    }

    @Test
    void aWildcardBindIsTakenByAStarRule() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        assertPassed("wildcard", check("wildcard", "*:" + PORT + "->unix:" + socket, socket).run());
    }

    @Test
    void aWildcardBindIsNotTakenByALoopbackRule() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        ChildJvm.Result result = check("wildcard", "127.0.0.1:" + PORT + "->unix:" + socket, socket).run();
        assertTrue(result.output().contains("TCP") && result.output().contains("accepted a connection"), result.describe());
        assertFalse(Files.exists(socket), result.describe());
    }

    @Test
    void portZeroGetsARealPortAndItsOwnSocketThroughPercentP() throws Exception {
        Path directory = Ports.socketDirectory();
        ChildJvm.Result result = check("ephemeral", "127.0.0.1:*->unix:" + directory + "/%p.sock", directory.resolve("unused")).run();
        System.out.println("ephemeral: " + result.line("EPHEMERAL"));
        assertPassed("ephemeral", result);
    }

    @Test
    void aServerSocketLeftOpenAtExitLeavesNoFileBehind() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        ChildJvm.Result result = check("exit-without-close", "127.0.0.1:" + PORT + "->unix:" + socket, socket).run();
        assertPassed("exit-without-close", result);
        assertFalse(Files.exists(socket), result.describe());
    }

    @Test
    void twoBindsOfOnePathFailTheSecondWithItsPath() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        ChildJvm.Result result = check("same-path-twice", "localhost:" + PORT + "->unix:" + socket, socket).run();
        System.out.println("same path twice: " + result.line("BINDEXCEPTION"));
        assertPassed("same-path-twice", result);
    }

    @Test
    void theSocketFileModeDefaultsToTheReachOfALoopbackPortAndCanBeSet() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        String rule = "127.0.0.1:" + PORT + "->unix:" + socket;
        ChildJvm.Result byDefault = check("mode", rule, socket).args("0666").run();
        assertPassed("mode", byDefault);
        ChildJvm.Result group = check("mode", rule, socket).systemProperties("loopshift.listen.mode", "0660").args("0660").run();
        assertPassed("mode", group);
        System.out.println("mode: " + byDefault.line("MODE") + " | " + group.line("MODE"));
    }

    /**
     * A second JVM with the same rule fails to bind, naming the path, and leaves the first one's
     * socket alone when it exits; {@code doctor} lists the first JVM's socket meanwhile.
     */
    @Test
    void anotherProcessNeverRemovesTheSocketOfALiveServer() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        String rule = "127.0.0.1:" + PORT + "->unix:" + socket;
        ChildJvm.Running first = ChildJvm.main(ListenCheck.class).withAgent("loopshift.listen", rule).args("hold", socket, PORT).start();
        try {
            first.awaitOutput("LISTENING", 60);
            ChildJvm.Result doctor = ChildJvm.jar(ChildJvm.agentJar()).args("doctor").run();
            System.out.println("doctor: " + doctor.line("Unix sockets"));
            assertTrue(doctor.output().contains("Unix sockets that JVMs running loopshift listen on (loopshift.listen):"), doctor.describe());
            assertTrue(doctor.output().matches("(?s).*\\n\\s*" + first.pid() + "\\s+" + java.util.regex.Pattern.quote(socket.toString()) + "\\n.*"),
                    doctor.describe());
            ChildJvm.Result second = ChildJvm.main(ListenCheck.class).withAgent("loopshift.listen", rule).args("bind-fails", socket, PORT).run();
            assertPassed("bind-fails", second);
            assertTrue(Files.exists(socket), "the second JVM removed the first one's socket\n" + second.describe());
        } finally {
            first.closeInput();
        }
        ChildJvm.Result firstResult = first.finish();
        assertPassed("hold", firstResult);
        assertFalse(Files.exists(socket), firstResult.describe());
    }

    /**
     * {@code %p} on both sides: the JDK HttpClient calling the JDK HttpServer on an ephemeral port,
     * and not one TCP socket of that JVM in /proc/net/tcp*. Without the agent, the same JVM holds
     * TCP sockets (the negative control).
     */
    @Test
    void withPercentPOnBothSidesAJvmTalksToItselfWithoutOneTcpSocket() throws Exception {
        Path directory = Ports.socketDirectory();
        String rule = "127.0.0.1:*->unix:" + directory + "/%p.sock";
        ChildJvm.Result unix = ChildJvm.main(AllUnixCheck.class)
                .withAgent("loopshift.listen", rule, "loopshift.routes", rule, "loopshift.fallback", "fail")
                .args(300)
                .run();
        System.out.println("all unix, with the agent: " + unix.line("RESULT"));
        assertEquals(0, unix.exitCode(), unix.describe());
        assertEquals(300, unix.number("RESULT", "ok"), unix.describe());
        assertEquals("127.0.0.1", unix.value("RESULT", "peers"), unix.describe());
        assertEquals(0, unix.number("RESULT", "tcpSockets"), unix.describe());
        assertTrue(unix.number("RESULT", "sockets") >= 2, "the listener and a pooled connection are sockets\n" + unix.describe());
        ChildJvm.Result tcp = ChildJvm.main(AllUnixCheck.class).args(300).run();
        System.out.println("all unix, without the agent: " + tcp.line("RESULT"));
        assertEquals(300, tcp.number("RESULT", "ok"), tcp.describe());
        assertTrue(tcp.number("RESULT", "tcpSockets") >= 2, tcp.describe());
    }

    @Test
    void aHundredThousandAcceptedConnectionsLeakNoDescriptor() throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        ChildJvm.Result result = check("fd-leak", "127.0.0.1:" + PORT + "->unix:" + socket, socket).args(100_000).timeoutSeconds(600).run();
        System.out.println("listen fd-leak: " + result.line("DESCRIPTORS"));
        assertPassed("fd-leak", result);
    }

    private static ChildJvm check(String scenario, String rule, Path socket) {
        ChildJvm jvm = ChildJvm.main(ListenCheck.class)
                .withAgent("loopshift.listen", rule, "loopshift.log", "info")
                .args(scenario, socket, PORT);
        return Netns.available() ? jvm.inNetns(Netns.Settings.wideRange()) : jvm;
    }

    private static void assertPassed(String scenario, ChildJvm.Result result) {
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS " + scenario), result.describe());
        assertFalse(result.output().contains("ERROR"), result.describe());
    }
}
