package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.UnixCalls;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The table of redirected sockets under the load users put on it: many threads registering at
 * once while the table grows. Every registered socket must be found afterwards; one that is not
 * would answer {@code getLocalAddress()} with the JDK's misreading of an AF_UNIX address.
 */
class RedirectTableTest {
    private static final InetSocketAddress ANSWER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static RedirectedSocket redirected(FileDescriptor fd) {
        return new RedirectedSocket(fd, ANSWER, ANSWER, Map.of());
    }

    @Test
    void findsWhatWasRegisteredAndNothingElse() {
        RedirectTable table = new RedirectTable();
        FileDescriptor fd = Descriptors.numbered(7);
        RedirectedSocket socket = redirected(fd);
        table.register(7, socket);
        assertSame(socket, table.find(fd));
        assertNull(table.find(Descriptors.numbered(7)), "another FileDescriptor with the same number (reused by the OS)");
        assertNull(table.find(Descriptors.numbered(8)));
        assertNull(table.find(Descriptors.numbered(1 << 20)), "beyond the table");
        assertNull(table.find(Descriptors.numbered(-1)), "a closed descriptor");
    }

    @Test
    void aNumberRedirectedAgainBelongsToItsNewSocket() {
        RedirectTable table = new RedirectTable();
        FileDescriptor first = Descriptors.numbered(5);
        FileDescriptor second = Descriptors.numbered(5);
        table.register(5, redirected(first));
        RedirectedSocket now = redirected(second);
        table.register(5, now);
        assertSame(now, table.find(second));
        assertNull(table.find(first));
    }

    /**
     * 40 threads register 5,000 descriptors each, in an order of their own, while the numbers
     * climb far past the table's first size, so registrations race with every grow.
     */
    @Test
    void noRegistrationIsLostWhileTheTableGrows() throws Exception {
        int threads = 40;
        int perThread = 5_000;
        for (int round = 0; round < 5; round++) {
            RedirectTable table = new RedirectTable();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<FileDescriptor>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<FileDescriptor> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(Descriptors.numbered(thread + i * threads));
                    }
                    Collections.shuffle(mine, new Random(thread));
                    start.await();
                    for (FileDescriptor fd : mine) {
                        table.register(UnixCalls.fdVal(fd), redirected(fd));
                    }
                    return mine;
                }));
            }
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new AssertionError("registrations did not finish");
            }
            List<Integer> lost = new ArrayList<>();
            for (Future<List<FileDescriptor>> result : results) {
                for (FileDescriptor fd : result.get()) {
                    if (table.find(fd) == null) {
                        lost.add(UnixCalls.fdVal(fd));
                    }
                }
            }
            assertEquals(List.of(), lost.size() > 20 ? lost.subList(0, 20) : lost, "round " + round + ": " + lost.size() + " registrations lost");
        }
    }
}
