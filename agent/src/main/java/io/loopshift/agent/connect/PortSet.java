package io.loopshift.agent.connect;

import java.util.concurrent.atomic.AtomicLongArray;

/** A lock-free set of TCP ports (a 64 Kbit bitmap): reads are one array load, adds one CAS. */
final class PortSet {
    private final AtomicLongArray words = new AtomicLongArray(65536 / 64);

    boolean contains(int port) {
        return (words.get(port >>> 6) & (1L << port)) != 0;
    }

    /** Adds the port; true when it was not there before. */
    boolean add(int port) {
        int index = port >>> 6;
        long bit = 1L << port;
        while (true) {
            long word = words.get(index);
            if ((word & bit) != 0) {
                return false;
            }
            if (words.compareAndSet(index, word, word | bit)) {
                return true;
            }
        }
    }
}
