package io.loopshift.agent.connect.unix.pool;

import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.log.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool with real TCP sockets made by the JDK's own native: bounds, families, and closing what it keeps. */
class TcpSocketPoolTest {
    private final TcpSocketPool pool = new TcpSocketPool();
    private final List<Integer> made = new ArrayList<>();

    @AfterEach
    void closeWhatTheTestStillOwns() {
        pool.drain();
        for (int number : made) {
            io.loopshift.agent.jdk.UnixCalls.closeQuietly(number);
        }
    }

    @Test
    void keepsAtMostFourSocketsPerFamilyAndHandsThemOutByFamily() throws IOException {
        for (int i = 0; i < TcpSocketPool.PER_FAMILY; i++) {
            assertTrue(pool.offer(true, socket(true)));
        }
        int fifth = socket(true);
        assertFalse(pool.offer(true, fifth), "a fifth IPv6 socket was kept");
        made.add(fifth);
        int ipv4 = socket(false);
        assertTrue(pool.offer(false, ipv4), "the IPv4 side is full too");
        assertEquals(TcpSocketPool.PER_FAMILY + 1, pool.size());

        assertEquals(ipv4, pool.take(false));
        assertEquals(-1, pool.take(false), "an IPv6 socket was handed to an IPv4 creation");
        made.add(ipv4);
        int taken = pool.take(true);
        assertTrue(taken >= 0);
        made.add(taken);
        assertEquals(2, pool.reused());
        assertEquals(TcpSocketPool.PER_FAMILY - 1, pool.size());
    }

    @Test
    void drainClosesEveryKeptSocket() throws IOException {
        List<String> kept = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int number = socket(i % 2 == 0);
            numbers.add(number);
            kept.add(inode(number));
            assertTrue(pool.offer(i % 2 == 0, number));
        }
        pool.drain();
        assertEquals(0, pool.size());
        assertEquals(-1, pool.take(true));
        for (int i = 0; i < numbers.size(); i++) {
            // The number may already belong to another socket of this JVM, never to the kept one.
            assertNotEquals(kept.get(i), inode(numbers.get(i)), "descriptor " + numbers.get(i) + " still open after drain");
        }
    }

    @Test
    void aStoppedPoolKeepsNothingUntilItResumes() throws IOException {
        int number = socket(true);
        assertTrue(pool.offer(true, number));
        String inode = inode(number);
        pool.stop();
        assertNotEquals(inode, inode(number), "a kept socket survived stop");
        int refused = socket(true);
        made.add(refused);
        assertFalse(pool.offer(true, refused), "a stopped pool kept a socket");
        pool.resume();
        made.remove((Integer) refused);
        assertTrue(pool.offer(true, refused));
    }

    @Test
    void aFailedDupIsCountedAndWarnedOnce() {
        try (CapturedLog log = new CapturedLog()) {
            pool.dupFailed(new IOException("Too many open files"));
            pool.dupFailed(new IOException("Too many open files"));
            assertEquals(2, pool.dupFailures());
            List<String> warnings = log.lines("could not be kept for reuse");
            assertEquals(1, warnings.size(), "warned once: " + warnings);
            assertTrue(warnings.get(0).startsWith("[loopshift] WARN ") && warnings.get(0).contains("dup failed (Too many open files)")
                    && warnings.get(0).contains("TcpSocketPoolDupFailures"), warnings.get(0));
        }
        assertEquals(0, pool.size(), "nothing is kept for a failed dup");
    }

    private static int socket(boolean preferIPv6) throws IOException {
        return NetCalls.socket0(preferIPv6, true, false, false);
    }

    private static String inode(int number) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString();
        } catch (IOException closed) {
            return "closed";
        }
    }
}
