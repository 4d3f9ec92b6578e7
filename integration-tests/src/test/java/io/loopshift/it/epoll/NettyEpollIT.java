package io.loopshift.it.epoll;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A raw Netty {@code Bootstrap} on {@code EpollSocketChannel} (Netty's native transport, whose
 * connect is a JNI call the JDK never sees) under {@code source:}, {@code dest:} and
 * {@code unix:} routes: 150 concurrent connections through a 50-port ephemeral range, and 200
 * connections to a server that listens only on a Unix socket. Each run first checks, by class
 * name and {@code Epoll.isAvailable()}, that the transport really is epoll.
 */
class NettyEpollIT {
    private static final int CONCURRENT = 150;
    private static final int UNIX_CONNECTIONS = 200;
    /**
     * The servers' ports (this one up to 6 above it): below every ephemeral range the tests and
     * Linux use (32768-60999, and 40000-40049 in the 50-port namespaces), so no client's
     * ephemeral port can hold one when a server binds it.
     */
    private static final int PORT = 30001;
    private static final Netns.Settings FIFTY_PORTS = Netns.Settings.ports(50);

    /** The Netty jars the build copied for the child JVMs. */
    static String nettyClassPath() throws Exception {
        Path libs = Path.of(System.getProperty("loopshift.netty.libs", "target/netty-libs"));
        try (Stream<Path> jars = Files.list(libs)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("netty-")).map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
        }
    }

    static ChildJvm checker(String... args) throws Exception {
        return ChildJvm.main(EpollClientCheck.class).classPath(nettyClassPath()).args((Object[]) args);
    }

    static void assertEpoll(ChildJvm.Result result) {
        assertEquals("io.netty.channel.epoll.EpollSocketChannel", result.value("TRANSPORT", "channel"), result.describe());
        assertEquals("true", result.value("TRANSPORT", "epoll"), result.describe());
    }

    @Test
    void withoutTheAgentFiftyPortsHoldAboutFiftyConnections() throws Exception {
        Netns.assumeAvailable();
        ChildJvm.Result result = checker("tcp", "127.0.0.1", String.valueOf(PORT), String.valueOf(CONCURRENT)).inNetns(FIFTY_PORTS).run();
        System.out.println("netty epoll, no agent: " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEpoll(result);
        assertTrue(result.number("RESULT", "ok") <= 50, result.describe());
        assertTrue(result.number("RESULT", "failed") >= CONCURRENT - 50, result.describe());
    }

    @Test
    void sourceRotationHolds150ConnectionsThroughFiftyPorts() throws Exception {
        Netns.assumeAvailable();
        ChildJvm.Result result = checker("tcp", "127.0.0.1", String.valueOf(PORT), String.valueOf(CONCURRENT)).inNetns(FIFTY_PORTS)
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->source:127.0.1.0/24").run();
        System.out.println("netty epoll, source: " + result.line("RESULT") + " | " + result.line("SERVER") + " | " + result.line("CHANNEL"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEpoll(result);
        assertEquals(CONCURRENT, result.number("RESULT", "ok"), result.describe());
        assertTrue(result.number("SERVER", "peers") >= 100, result.describe());
        assertTrue(result.value("CHANNEL", "local").startsWith("/127.0.1."), result.describe());
        assertTrue(result.value("CHANNEL", "remote").endsWith("/127.0.0.1:" + PORT), result.describe());
    }

    @Test
    void destRotationHolds150ConnectionsThroughFiftyPorts() throws Exception {
        Netns.assumeAvailable();
        ChildJvm.Result result = checker("tcp", "0.0.0.0", String.valueOf(PORT), String.valueOf(CONCURRENT)).inNetns(FIFTY_PORTS)
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->dest:127.0.0.0/24").run();
        System.out.println("netty epoll, dest: " + result.line("RESULT") + " | " + result.line("SERVER") + " | " + result.line("CHANNEL"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEpoll(result);
        assertEquals(CONCURRENT, result.number("RESULT", "ok"), result.describe());
        assertTrue(result.number("SERVER", "locals") >= 100, result.describe());
    }

    @Test
    void unixRouteReachesAServerWithNoTcpListener(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("epoll.sock");
        ChildJvm.Result result = checker("unix", socket.toString(), String.valueOf(PORT), String.valueOf(UNIX_CONNECTIONS))
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->unix:" + socket, "loopshift.fallback", "fail").run();
        System.out.println("netty epoll, unix: " + result.line("RESULT") + " | " + result.line("SERVER") + " | " + result.line("CHANNEL"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEpoll(result);
        assertEquals(UNIX_CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(UNIX_CONNECTIONS, result.number("SERVER", "accepted"), result.describe());
        assertTrue(result.value("CHANNEL", "remote").endsWith("/127.0.0.1:" + PORT), result.describe());
        assertEquals("/127.0.0.1:0", result.value("CHANNEL", "local"), result.describe());
    }

    @Test
    void aRedirectedChannelBehavesLikeATcpOne(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("behaviour.sock");
        ChildJvm.Result result = ChildJvm.main(EpollBehaviourCheck.class).classPath(nettyClassPath())
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(socket, PORT, 0).run();
        System.out.println("netty epoll, behaviour: " + result.line("RESULT") + " | " + result.line("DESCRIPTORS") + " | " + result.line("REUSED"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEpoll(result);
        assertEquals(0, result.number("RESULT", "failures"), result.describe());
        assertTrue(result.output().contains("CHECK no-descriptor-leak ok"), result.describe());
    }

    /** grpc-netty-shaded's relocated Netty: 4.2 from the build's grpc version, 4.1 from grpc-netty-shaded 1.70.0. */
    @ParameterizedTest
    @ValueSource(strings = {"loopshift.netty.libs", "loopshift.netty41.libs"})
    void relocatedNettyIsCoveredToo(String libraries, @TempDir Path directory) throws Exception {
        Path socket = directory.resolve("relocated.sock");
        String jar;
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty(libraries)))) {
            jar = jars.filter(j -> j.getFileName().toString().startsWith("grpc-netty-shaded-")).findFirst().orElseThrow().toString();
        }
        ChildJvm.Result result = ChildJvm.main(RelocatedEpollCheck.class).classPath(jar)
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(socket, PORT, UNIX_CONNECTIONS).run();
        System.out.println("relocated netty " + result.value("NETTY", "version") + ", unix: " + result.line("RESULT") + " | " + result.line("CHANNEL"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel", result.value("TRANSPORT", "channel"), result.describe());
        assertEquals("true", result.value("TRANSPORT", "epoll"), result.describe());
        assertEquals(UNIX_CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals("/127.0.0.1:0", result.value("CHANNEL", "local"), result.describe());
    }

    @Test
    void attachedAfterNettyWasLoadedItStillRedirects(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("late.sock");
        int port = PORT + 2;
        ChildJvm.Running app = ChildJvm.main(AttachLateCheck.class).classPath(nettyClassPath()).args(socket, port, 20).start();
        try {
            app.awaitOutput("READY", 60);
            ChildJvm.Result attach = ChildJvm.jar(ChildJvm.agentJar())
                    .args("attach", app.pid(), "routes=127.0.0.1:" + port + "->unix:" + socket + ",fallback=fail").run();
            assertEquals(0, attach.exitCode(), attach.describe());
            Files.createFile(Path.of(socket + ".go"));
            ChildJvm.Result result = app.finish();
            System.out.println("netty epoll, attached late: " + result.line("RESULT") + " | " + result.line("CHANNEL"));
            assertEquals(0, result.exitCode(), result.describe());
            assertEpoll(result);
            assertEquals(20, result.number("RESULT", "after-ok"), result.describe());
            assertEquals(1, result.number("RESULT", "tcp"), result.describe());
            assertEquals(20, result.number("RESULT", "unix"), result.describe());
        } finally {
            app.stop();
        }
    }

    @Test
    void ioUringIsNotRewrittenAndSaysSoOnce() throws Exception {
        int port = PORT + 3;
        ChildJvm.Result result = ChildJvm.main(IoUringWarningCheck.class).classPath(nettyClassPath())
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->dest:127.0.0.0/28").args(port, 5).run();
        Assumptions.assumeFalse(result.exitCode() == 3, "io_uring is not available on this machine: " + result.output());
        System.out.println("netty io_uring: " + result.line("RESULT") + " | " + result.line("[loopshift] WARN Netty's"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("io.netty.channel.uring.IoUringSocketChannel", result.value("TRANSPORT", "channel"), result.describe());
        assertEquals(5, result.number("RESULT", "tcp"), result.describe());
        String warning = "[loopshift] WARN Netty's io_uring transport (io.netty.channel.uring.IoUringSocketChannel) connects to 127.0.0.1:" + port;
        assertEquals(1, result.output().split(java.util.regex.Pattern.quote(warning), -1).length - 1, result.describe());
        assertTrue(result.output().contains("-Dio.netty.transport.noNative=true"), result.describe());
    }

    @Test
    void aNettyWhoseInternalsDifferIsLeftAloneWithOneWarning() throws Exception {
        ChildJvm.Result result = ChildJvm.main(UnknownNettyCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->dest:127.0.0.0/28").run();
        System.out.println("unknown netty: " + result.line("[loopshift] WARN Netty"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("true", result.value("RESULT", "loaded"), result.describe());
        assertTrue(result.output().contains("[loopshift] WARN Netty (version unknown) (io.loopshift.it.epoll.unknown.io.netty.channel.unix.Socket)"
                + " is not a version whose internals loopshift knows"), result.describe());
        assertTrue(result.output().contains("-Dio.loopshift.it.epoll.unknown.io.netty.transport.noNative=true"), result.describe());
    }

    @Test
    void theJfrEventNamesTheNettyTransport(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("jfr.sock");
        Path recording = directory.resolve("connects.jfr");
        ChildJvm.Result result = checker("unix", socket.toString(), String.valueOf(PORT), "5")
                .jvmOption("-XX:StartFlightRecording=filename=" + recording)
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->unix:" + socket).run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(5, result.number("RESULT", "ok"), result.describe());
        long nettyEvents = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("loopshift.Connect") && "netty-epoll".equals(event.getString("transport"))
                    && "unix".equals(event.getString("action")) && "connected".equals(event.getString("outcome"))) {
                nettyEvents++;
            }
        }
        System.out.println("netty epoll, JFR: " + nettyEvents + " loopshift.Connect events with transport=netty-epoll");
        assertEquals(5, nettyEvents, result.describe());
    }

    @Test
    void destFallsBackToTheOriginalWhenTheRotatedAddressRefuses() throws Exception {
        int port = PORT + 4;
        ChildJvm.Result result = checker("tcp", "127.0.0.1", String.valueOf(port), "30")
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->dest:127.0.0.0/28").run();
        System.out.println("netty epoll, dest: fallback: " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEpoll(result);
        assertEquals(30, result.number("RESULT", "ok"), result.describe());
        assertTrue(result.output().contains("refused but 127.0.0.1:" + port + " accepts"), result.describe());
    }

    @Test
    void unixFallsBackToTcpWhenTheSocketIsMissing(@TempDir Path directory) throws Exception {
        int port = PORT + 5;
        Path missing = directory.resolve("missing.sock");
        ChildJvm.Result result = checker("tcp", "127.0.0.1", String.valueOf(port), "30")
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + missing, "loopshift.fallback", "tcp").run();
        System.out.println("netty epoll, unix: fallback=tcp: " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(30, result.number("RESULT", "ok"), result.describe());
        assertEquals(30, result.number("SERVER", "accepted"), result.describe());
        assertTrue(result.output().contains("connecting over TCP to 127.0.0.1:" + port + " instead (loopshift.fallback=tcp)"), result.describe());
    }

    @Test
    void unixWithFallbackFailNamesTheSocket(@TempDir Path directory) throws Exception {
        int port = PORT + 6;
        Path missing = directory.resolve("missing.sock");
        ChildJvm.Result result = checker("tcp", "127.0.0.1", String.valueOf(port), "3")
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + missing, "loopshift.fallback", "fail").run();
        System.out.println("netty epoll, unix: fallback=fail: " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(0, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("SERVER", "accepted"), result.describe());
        assertTrue(result.value("RESULT", "first-error").contains("Unix_socket_" + missing), result.describe());
    }
}
