package io.loopshift.agent.connect.unix;

import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connect waiting for a full Unix backlog, with real descriptors: a bug in whatever retries it
 * fails it at once, with the application's TCP socket back under its number (which wakes Netty)
 * and a ConnectException naming the bug, instead of leaving it to Netty's connect timeout.
 */
class PendingUnixConnectTest {
    private static final String PATH = PendingConnects.PATH;

    private final RouteMetrics metrics = new RouteMetrics();
    private final RedirectTable table = new RedirectTable();
    private int number = -1;

    /** Takes the connect over and does nothing with it, as a deferral whose retry is about to fail. */
    private static final class Holding implements BacklogDeferral {
        PendingUnixConnect pending;

        @Override
        public boolean canDefer(Object owner) {
            return true;
        }

        @Override
        public void defer(PendingUnixConnect connect) {
            pending = connect;
        }
    }

    @AfterEach
    void closeTheSocket() {
        UnixCalls.closeQuietly(number);
    }

    @Test
    void aBugWhileWaitingFailsTheConnectAtOnceWithTheTcpSocketBack() throws Exception {
        number = NetCalls.socket0(true, true, false, false);
        String tcp = inode(number);
        FileDescriptor unix = UnixCalls.socket();
        String unixInode = inode(UnixCalls.fdVal(unix));
        Object owner = new Object();
        Holding deferral = new Holding();
        PendingUnixConnect pending = PendingConnects.waiting(number, owner, deferral, metrics, table, unix);
        assertSame(pending, deferral.pending);
        assertEquals("anon_inode:[eventpoll]", inode(number), "the placeholder waits under the number");
        assertNotNull(table.find(number, owner), "answered as a redirected socket while it waits");

        IllegalStateException bug = new IllegalStateException("injected bug in a retry");
        assertTrue(pending.failBecauseOf(bug));

        assertEquals(tcp, inode(number), "the application's TCP socket is back under its number, which wakes Netty");
        assertNotEquals(unixInode, inode(UnixCalls.fdVal(unix)), "the Unix socket was closed");
        assertNull(table.find(number, owner), "no longer answered as a redirected socket");
        IOException failure = pending.failure();
        assertTrue(failure instanceof ConnectException, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("bug in route #1") && failure.getMessage().contains(PATH)
                && failure.getMessage().contains("injected bug in a retry"), failure.getMessage());
        assertSame(bug, failure.getCause());
        assertEquals(Map.of("AGENT_BUG", 1L), metrics.failuresByErrno());

        // Settled: a second report changes nothing, and still names the failure Netty must get.
        assertTrue(pending.failBecauseOf(new IllegalStateException("again")));
        assertSame(failure, pending.failure());
        assertEquals(tcp, inode(number));
        assertEquals(1, metrics.failures());
        // Netty closing the channel afterwards finds nothing left to give up, and no second failure is counted.
        pending.abandon();
        assertEquals(tcp, inode(number));
        assertEquals(Map.of("AGENT_BUG", 1L), metrics.failuresByErrno());
    }

    @Test
    void aBugAfterTheOwnerGaveUpChangesNothing() throws Exception {
        number = NetCalls.socket0(true, true, false, false);
        PendingUnixConnect pending = PendingConnects.waiting(number, new Object(), new Holding(), metrics, table, UnixCalls.socket());
        pending.abandon();
        assertFalse(pending.failBecauseOf(new IllegalStateException("late bug")), "nothing for Netty to throw: it closed the channel");
        assertNull(pending.failure());
        assertEquals("anon_inode:[eventpoll]", inode(number), "the number is not the agent's to touch any more");
        assertEquals(Map.of("ETIMEDOUT", 1L), metrics.failuresByErrno());
    }

    private static String inode(int number) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString();
        } catch (IOException closed) {
            return "closed";
        }
    }
}
