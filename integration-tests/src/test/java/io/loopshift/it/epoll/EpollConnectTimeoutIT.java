package io.loopshift.it.epoll;

import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty's {@code CONNECT_TIMEOUT_MILLIS} through a {@code unix:} route whose Unix listener keeps
 * its backlog full (backlog 1, filled first, never accepting): the connect stays pending, as a
 * TCP connect to a full backlog does, until Netty's own timeout fails it with
 * {@code ConnectTimeoutException}; it connects when the server starts accepting within the
 * timeout; and a server that goes away while the connect waits fails it as
 * {@code loopshift.fallback=fail} says, or reaches the TCP port with {@code loopshift.fallback=tcp}.
 * Three rounds each on one event loop, no descriptor left.
 */
class EpollConnectTimeoutIT {
    private static final int PORT = 40011;
    private static final int ROUNDS = 3;

    private static ChildJvm.Result run(Path socket, String scenario, int timeoutMillis) throws Exception {
        return run(socket, scenario, timeoutMillis, "fail");
    }

    private static ChildJvm.Result run(Path socket, String scenario, int timeoutMillis, String fallback) throws Exception {
        return run(socket, String.valueOf(PORT), scenario, timeoutMillis, fallback);
    }

    /** {@code routedPorts}: the route's port part, {@code *} where the check's TCP server listens on a port the kernel picks. */
    private static ChildJvm.Result run(Path socket, String routedPorts, String scenario, int timeoutMillis, String fallback) throws Exception {
        return ChildJvm.main(EpollBacklogCheck.class).classPath(NettyEpollIT.nettyClassPath())
                .withAgent("loopshift.routes", "127.0.0.1:" + routedPorts + "->unix:" + socket, "loopshift.fallback", fallback)
                .args(socket, PORT, scenario, timeoutMillis).run();
    }

    private static List<String> outcomes(ChildJvm.Result result) {
        List<String> lines = result.output().lines().filter(line -> line.startsWith("OUTCOME ")).toList();
        assertEquals(ROUNDS, lines.size(), result.describe());
        return lines;
    }

    private static long field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " missing in " + line);
    }

    private static void assertNoDescriptorLeft(ChildJvm.Result result) {
        long before = result.number("DESCRIPTORS", "before");
        long after = result.number("DESCRIPTORS", "after");
        assertTrue(after <= before, "descriptors before=" + before + " after=" + after + "\n" + result.describe());
    }

    @Test
    void aFullBacklogTimesOutWithNettysConnectTimeoutException(@TempDir Path directory) throws Exception {
        int timeoutMillis = 1000;
        ChildJvm.Result result = run(directory.resolve("full.sock"), "timeout", timeoutMillis);
        System.out.println("netty epoll, full backlog: " + outcomes(result) + " | " + result.line("DESCRIPTORS"));
        assertEquals(0, result.exitCode(), result.describe());
        NettyEpollIT.assertEpoll(result);
        for (String outcome : outcomes(result)) {
            assertTrue(outcome.contains("cause=io.netty.channel.ConnectTimeoutException "), outcome + "\n" + result.describe());
            assertTrue(field(outcome, "elapsedMs") >= timeoutMillis, "failed before the timeout: " + outcome);
            assertTrue(outcome.contains(" closed=true "), "the channel must be closed: " + outcome);
        }
        assertNoDescriptorLeft(result);
    }

    @Test
    void aServerThatStartsAcceptingWithinTheTimeoutGetsTheConnection(@TempDir Path directory) throws Exception {
        int timeoutMillis = 5000;
        ChildJvm.Result result = run(directory.resolve("late.sock"), "accepted", timeoutMillis);
        System.out.println("netty epoll, backlog freed in time: " + outcomes(result) + " | " + result.line("DESCRIPTORS"));
        assertEquals(0, result.exitCode(), result.describe());
        NettyEpollIT.assertEpoll(result);
        for (String outcome : outcomes(result)) {
            assertTrue(outcome.contains("cause=none ") && outcome.contains(" echo=after-the-backlog "), outcome + "\n" + result.describe());
            assertTrue(field(outcome, "elapsedMs") >= timeoutMillis / 5, "connected before the server accepted: " + outcome);
            assertTrue(outcome.endsWith("/127.0.0.1:" + PORT), "remote address: " + outcome);
        }
        assertNoDescriptorLeft(result);
    }

    @Test
    void aServerThatGoesAwayWhileTheConnectWaitsFailsItAsFallbackFailSays(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("gone.sock");
        int timeoutMillis = 5000;
        ChildJvm.Result result = run(socket, "vanished", timeoutMillis);
        System.out.println("netty epoll, server gone while waiting: " + outcomes(result) + " | " + result.line("DESCRIPTORS"));
        assertEquals(0, result.exitCode(), result.describe());
        NettyEpollIT.assertEpoll(result);
        for (String outcome : outcomes(result)) {
            assertTrue(outcome.contains("ConnectException "), outcome + "\n" + result.describe());
            assertTrue(outcome.contains(socket.toString().replace(' ', '_')) && outcome.contains("loopshift.fallback=fail"), outcome);
            assertTrue(field(outcome, "elapsedMs") >= timeoutMillis / 5, "failed before the server went away: " + outcome);
            assertTrue(outcome.contains(" closed=true "), "the channel must be closed: " + outcome);
        }
        assertNoDescriptorLeft(result);
    }

    @Test
    void aServerThatGoesAwayWhileTheConnectWaitsFallsBackToTcpWhenAllowed(@TempDir Path directory) throws Exception {
        int timeoutMillis = 5000;
        // The TCP server binds a port the kernel picks (a fixed one failed when a connection held it): every 127.0.0.1 port is routed.
        ChildJvm.Result result = run(directory.resolve("fallback.sock"), "*", "fallback", timeoutMillis, "tcp");
        System.out.println("netty epoll, server gone while waiting, fallback=tcp: " + outcomes(result) + " | " + result.line("DESCRIPTORS"));
        assertEquals(0, result.exitCode(), result.describe());
        NettyEpollIT.assertEpoll(result);
        for (String outcome : outcomes(result)) {
            assertTrue(outcome.contains("cause=none ") && outcome.contains(" echo=after-the-backlog "), outcome + "\n" + result.describe());
            assertTrue(field(outcome, "elapsedMs") >= timeoutMillis / 5, "connected before the Unix server went away: " + outcome);
        }
        assertTrue(result.output().contains("loopshift.fallback=tcp"), result.describe());
        long tcpPort = result.number("TCP_SERVER", "port");
        for (String outcome : outcomes(result)) {
            assertTrue(outcome.endsWith("/127.0.0.1:" + tcpPort), "not connected to the TCP server: " + outcome);
        }
        assertNoDescriptorLeft(result);
    }

    /** grpc-netty-shaded's relocated Netty: 4.2 from the build's grpc version, 4.1 (which registers before connecting) from 1.70.0. */
    @ParameterizedTest
    @ValueSource(strings = {"loopshift.netty.libs", "loopshift.netty41.libs"})
    void relocatedNettyWaitsForAFullBacklogToo(String libraries, @TempDir Path directory) throws Exception {
        String jar;
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty(libraries)))) {
            jar = jars.filter(j -> j.getFileName().toString().startsWith("grpc-netty-shaded-")).findFirst().orElseThrow().toString();
        }
        Path socket = directory.resolve("relocated.sock");
        int timeoutMillis = 2000;
        ChildJvm.Result result = ChildJvm.main(RelocatedBacklogCheck.class).classPath(jar)
                .withAgent("loopshift.routes", "127.0.0.1:" + PORT + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(socket, PORT, timeoutMillis).run();
        System.out.println("relocated netty (" + jar.substring(jar.lastIndexOf('/') + 1) + "), full backlog: " + result.line("OUTCOME timeout")
                + " | " + result.line("OUTCOME accepted"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel", result.value("TRANSPORT", "channel"), result.describe());
        assertEquals("true", result.value("TRANSPORT", "epoll"), result.describe());
        String timedOut = result.line("OUTCOME timeout");
        assertTrue(timedOut.contains("cause=io.grpc.netty.shaded.io.netty.channel.ConnectTimeoutException "), result.describe());
        assertTrue(field(timedOut, "elapsedMs") >= timeoutMillis, "failed before the timeout: " + timedOut);
        String accepted = result.line("OUTCOME accepted");
        assertTrue(accepted.contains("cause=none ") && accepted.endsWith(" echo=relocated"), result.describe());
        assertTrue(field(accepted, "elapsedMs") >= timeoutMillis / 5, "connected before the server accepted: " + accepted);
    }
}
