package io.loopshift.agent.netty;

import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.connect.unix.PendingConnects;
import io.loopshift.agent.connect.unix.PendingUnixConnect;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;
import io.loopshift.agent.log.CapturedLog;
import io.loopshift.agent.netty.fake.io.netty.channel.epoll.LinuxSocket;
import io.loopshift.agent.netty.fake.io.netty.util.concurrent.EventExecutor;
import io.loopshift.agent.netty.fake.io.netty.util.internal.ThreadExecutorMap;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty connects waiting for a full Unix backlog, retried on a (relocated) Netty's event loop: a
 * bug inside a retry fails the connect at once, and a Netty whose event loop cannot be found is
 * never passed over silently.
 */
class NettyBacklogRetriesTest {
    private static final List<Throwable> REPORTED = new CopyOnWriteArrayList<>();

    static void ignore(Throwable bug) {
    }

    static void record(Throwable bug) {
        REPORTED.add(bug);
    }

    @Test
    void aBugInsideARetryIsCountedAndFailsTheConnectAtOnce() throws Exception {
        REPORTED.clear();
        NettyBacklogRetries retries = new NettyBacklogRetries(
                MethodHandles.lookup().findStatic(NettyBacklogRetriesTest.class, "record", MethodType.methodType(void.class, Throwable.class)));
        int number = NetCalls.socket0(true, true, false, false);
        String tcp = inode(number);
        LinuxSocket socket = new LinuxSocket(number);
        RouteMetrics metrics = new RouteMetrics();
        EventExecutor loop = ThreadExecutorMap.newLoop();
        try {
            socket.breakNextIsOpen();
            // As Netty's connect, on its event loop: the agent answers "in progress" and defers the rest to the loop.
            PendingUnixConnect pending = loop.submit(() -> {
                assertTrue(retries.canDefer(socket));
                PendingUnixConnect waiting = PendingConnects.waiting(number, socket, retries, metrics);
                // Still on the loop, so no retry ran yet.
                assertEquals("anon_inode:[eventpoll]", inode(number), "waiting: the placeholder is under the number");
                return waiting;
            }).get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (REPORTED.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // Netty's finishConnect runs on the loop after the retry: what the agent makes it throw.
            assertSame(pending.failure(), loop.submit(pending::failure).get(10, TimeUnit.SECONDS));
            IOException thrown = loop.submit(() -> retries.failureOf(number, socket)).get(10, TimeUnit.SECONDS);
            assertTrue(thrown instanceof ConnectException, "finishConnect throws " + thrown);
            assertTrue(thrown.getMessage().contains("injected bug in a backlog retry"), thrown.getMessage());
            assertEquals(1, REPORTED.size(), "counted as one handler failure: " + REPORTED);
            assertSame(thrown.getCause(), REPORTED.get(0));
            assertEquals(tcp, inode(number), "the TCP socket is back under the number, which wakes Netty");
            assertEquals(Map.of("AGENT_BUG", 1L), metrics.failuresByErrno());
        } finally {
            loop.shutdownNow();
            UnixCalls.closeQuietly(number);
        }
    }

    private static String inode(int number) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString();
    }

    private static MethodHandle ignoringSink() throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(NettyBacklogRetriesTest.class, "ignore", MethodType.methodType(void.class, Throwable.class));
    }

    @Test
    void aNettyWithoutThreadExecutorMapIsCountedAndWarnedOnce() throws Exception {
        NettyBacklogRetries retries = new NettyBacklogRetries(ignoringSink());
        try (CapturedLog log = new CapturedLog()) {
            assertFalse(retries.canDefer(new io.loopshift.agent.netty.odd.io.netty.channel.epoll.LinuxSocket()), "no event loop to retry on");
            assertFalse(retries.canDefer(new io.loopshift.agent.netty.odd.io.netty.channel.epoll.LinuxSocket()));
            assertEquals(2, retries.connectsWithoutRetries());
            List<String> warnings = log.lines("ThreadExecutorMap");
            assertEquals(1, warnings.size(), "warned once: " + warnings);
            String warning = warnings.get(0);
            assertTrue(warning.startsWith("[loopshift] WARN io.loopshift.agent.netty.odd.io.netty.util.internal.ThreadExecutorMap was not found for "
                    + io.loopshift.agent.netty.odd.io.netty.channel.epoll.LinuxSocket.class.getName()), warning);
            assertTrue(warning.contains("waits at most 10 ms") && warning.contains("NettyConnectsWithoutBacklogRetries"), warning);
        }
    }
}
