package io.loopshift.agent.connect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortSetTest {

    @Test
    void emptyAtFirst() {
        PortSet set = new PortSet();
        for (int port = 0; port <= 65535; port++) {
            assertFalse(set.contains(port), "port " + port);
        }
    }

    @Test
    void addReturnsTrueOnlyTheFirstTime() {
        PortSet set = new PortSet();
        assertTrue(set.add(8080));
        assertTrue(set.contains(8080));
        assertFalse(set.add(8080));
        assertTrue(set.contains(8080));
    }

    @Test
    void portsAtWordEdgesAndEndsAreIndependent() {
        int[] ports = {0, 1, 62, 63, 64, 65, 127, 128, 1023, 1024, 65471, 65472, 65534, 65535};
        PortSet set = new PortSet();
        for (int i = 0; i < ports.length; i++) {
            assertTrue(set.add(ports[i]), "port " + ports[i]);
            for (int j = 0; j < ports.length; j++) {
                assertEquals(j <= i, set.contains(ports[j]), "after adding " + ports[i] + ", port " + ports[j]);
            }
        }
        assertFalse(set.contains(2));
        assertFalse(set.contains(66));
        assertFalse(set.contains(65533));
    }

    @Test
    void allPortsCanBeAdded() {
        PortSet set = new PortSet();
        for (int port = 0; port <= 65535; port++) {
            assertTrue(set.add(port), "port " + port);
        }
        for (int port = 0; port <= 65535; port++) {
            assertTrue(set.contains(port), "port " + port);
            assertFalse(set.add(port), "port " + port);
        }
    }

    @Test
    void concurrentAddsOfTheSamePortsSucceedExactlyOncePerPort() throws Exception {
        int threads = 4;
        int ports = 4096;
        PortSet set = new PortSet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> wins = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> adder = () -> {
                    start.await();
                    int won = 0;
                    // neighbouring ports share a word, so the CAS loop is exercised
                    for (int port = 0; port < ports; port++) {
                        if (set.add(port)) {
                            won++;
                        }
                    }
                    return won;
                };
                wins.add(pool.submit(adder));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> win : wins) {
                total += win.get(30, TimeUnit.SECONDS);
            }
            assertEquals(ports, total);
            for (int port = 0; port < ports; port++) {
                assertTrue(set.contains(port), "port " + port);
            }
            assertFalse(set.contains(ports));
        } finally {
            pool.shutdownNow();
        }
    }
}
