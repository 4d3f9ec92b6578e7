package io.loopshift.agent.connect.unix.pool;

import io.loopshift.agent.jdk.UnixCalls;
import io.loopshift.agent.log.AgentLog;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unconnected TCP sockets, by descriptor number and address family (the {@code preferIPv6} of
 * {@code Net.socket0}: an AF_INET6 dual-stack socket or an AF_INET one), at most
 * {@link #PER_FAMILY} of each. Everything kept here is a socket the JDK made with
 * {@code Net.socket0} for a client and that nothing but this pool refers to; whoever takes a
 * number owns it. Kept sockets are closed when the routes are replaced or the agent stops, and
 * while it is stopped none is kept.
 *
 * <p>The lock is taken only to keep or hand out a socket; a JVM whose pool is empty creates its
 * sockets after one volatile read. Its counters are JMX attributes of {@code loopshift:type=Total}.
 */
public final class TcpSocketPool {
    /** Enough for the sockets that one connect per thread of a busy client frees at once; more is descriptors kept for nothing. */
    public static final int PER_FAMILY = 4;

    private final int[] ipv6 = new int[PER_FAMILY];
    private final int[] ipv4 = new int[PER_FAMILY];
    private int ipv6Count;
    private int ipv4Count;
    /** Sockets kept now, read without the lock to skip it when there are none. */
    private volatile int kept;
    private boolean accepting = true;
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong dupFailures = new AtomicLong();

    /**
     * Keeps a socket for the next creation of its family; false when the pool is full or stopped,
     * and the caller closes it.
     */
    public synchronized boolean offer(boolean preferIPv6, int number) {
        if (!accepting || number < 0) {
            return false;
        }
        if (preferIPv6) {
            if (ipv6Count == PER_FAMILY) {
                return false;
            }
            ipv6[ipv6Count++] = number;
        } else {
            if (ipv4Count == PER_FAMILY) {
                return false;
            }
            ipv4[ipv4Count++] = number;
        }
        kept = ipv6Count + ipv4Count;
        return true;
    }

    /** A kept socket of this family, now the caller's, or -1. */
    public int take(boolean preferIPv6) {
        if (kept == 0) {
            return -1;
        }
        return takeLocked(preferIPv6);
    }

    private synchronized int takeLocked(boolean preferIPv6) {
        int number;
        if (preferIPv6) {
            if (ipv6Count == 0) {
                return -1;
            }
            number = ipv6[--ipv6Count];
        } else {
            if (ipv4Count == 0) {
                return -1;
            }
            number = ipv4[--ipv4Count];
        }
        kept = ipv6Count + ipv4Count;
        reused.incrementAndGet();
        return number;
    }

    /** Closes every kept socket: the routes that made them changed, or the agent stops. */
    public synchronized void drain() {
        for (int i = 0; i < ipv6Count; i++) {
            UnixCalls.closeQuietly(ipv6[i]);
        }
        for (int i = 0; i < ipv4Count; i++) {
            UnixCalls.closeQuietly(ipv4[i]);
        }
        ipv6Count = 0;
        ipv4Count = 0;
        kept = 0;
    }

    /** Stops keeping sockets and closes the kept ones (the agent stops rewriting). */
    public synchronized void stop() {
        accepting = false;
        drain();
    }

    /** Keeps sockets again after {@link #stop()}. */
    public synchronized void resume() {
        accepting = true;
    }

    /** Sockets kept now. */
    public int size() {
        return kept;
    }

    /** Sockets handed out instead of made, since start. */
    public long reused() {
        return reused.get();
    }

    /**
     * A socket that could not be kept because its dup failed (EMFILE and the like: the process is
     * short of descriptors). The redirect goes on without the pool; this counts it, and warns the
     * first time, since descriptor pressure is worth knowing about even when nothing broke.
     */
    public void dupFailed(IOException failure) {
        if (dupFailures.incrementAndGet() == 1) {
            AgentLog.warn("a TCP socket replaced by a unix: redirect could not be kept for reuse: dup failed (" + failure.getMessage()
                    + "); the redirect went on and the socket was closed, as without the pool. Is the process short of descriptors?"
                    + " Counted in JMX loopshift:type=Total TcpSocketPoolDupFailures. Warned once.");
        }
    }

    /** Sockets not kept because their dup failed, since start. */
    public long dupFailures() {
        return dupFailures.get();
    }
}
