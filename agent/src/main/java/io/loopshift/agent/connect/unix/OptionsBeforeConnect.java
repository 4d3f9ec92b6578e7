package io.loopshift.agent.connect.unix;

import java.net.SocketOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which options the application set on a socket before its connect, by descriptor number, so a
 * {@code unix:} redirect reads and carries over exactly those (one getsockopt each) and keeps the
 * replaced TCP socket for reuse only when it is as fresh as a new one. One bit per SOL_SOCKET
 * option ({@link SocketLevelOptions}) and one for every TCP-only option. The marks come from the
 * option hook in {@code Net.setSocketOption}, which every JDK socket class goes through
 * (NioSocketImpl, SocketChannelImpl, the asynchronous channel; JDK 17 and 25 sources), and are
 * cleared when the JDK makes a socket ({@code Net.socket0}, hooked with the unix: hooks) and by
 * the redirect that takes them. They are trusted only when those hooks were in place before the
 * application ran (premain); after an attach, sockets may predate the hooks, and every redirect
 * reads the TCP-only options, SO_KEEPALIVE and SO_LINGER and keeps no socket.
 *
 * <p>Pages of numbers are created once and never replaced, so no mark can be lost to a
 * concurrent grow. A number beyond the pages is treated as marked everywhere.
 */
final class OptionsBeforeConnect {
    /** The mark of every option a Unix socket does not have (TCP_NODELAY, IP_TOS, ...). */
    static final int TCP_ONLY = 1;
    /**
     * What an untrusted or unknown socket (a Netty socket, whose options are set natively) counts
     * as: its TCP-only options and the SOL_SOCKET options with an effect on behaviour.
     */
    static final int UNKNOWN = TCP_ONLY | SocketLevelOptions.KEEPALIVE | SocketLevelOptions.LINGER;

    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    /** Descriptor numbers above this (beyond Linux's default nr_open) are never trusted. */
    private static final int NUMBERS = 1 << 21;

    private final AtomicReferenceArray<AtomicIntegerArray> pages = new AtomicReferenceArray<>(NUMBERS >> PAGE_BITS);
    private volatile boolean trusted;
    private volatile Map<SocketOption<?>, Object> freshValues;

    /** The option and socket-creation hooks saw every socket since the first application socket. */
    void trust() {
        trusted = true;
    }

    boolean trusted() {
        return trusted;
    }

    /** An option is being set on this (not redirected) socket. */
    void markSet(int number, SocketOption<?> option) {
        if (number < 0 || number >= NUMBERS) {
            return;
        }
        int bit = TcpOnlyOptions.isTcpOnly(option) ? TCP_ONLY : SocketLevelOptions.bitOf(option);
        AtomicIntegerArray page = pages.get(number >> PAGE_BITS);
        if (page == null) {
            pages.compareAndSet(number >> PAGE_BITS, null, new AtomicIntegerArray(PAGE_SIZE));
            page = pages.get(number >> PAGE_BITS);
        }
        int index = number & (PAGE_SIZE - 1);
        int marks;
        do {
            marks = page.get(index);
        } while ((marks & bit) == 0 && !page.compareAndSet(index, marks, marks | bit));
    }

    /** The JDK made a new socket with this number: nothing is set on it yet. */
    void forget(int number) {
        if (number < 0 || number >= NUMBERS) {
            return;
        }
        AtomicIntegerArray page = pages.get(number >> PAGE_BITS);
        if (page != null && page.get(number & (PAGE_SIZE - 1)) != 0) {
            page.set(number & (PAGE_SIZE - 1), 0);
        }
    }

    /** The marks of the socket about to be replaced, cleared ({@link #UNKNOWN} where they are not trusted). */
    int take(int number) {
        if (!trusted || number < 0 || number >= NUMBERS) {
            return UNKNOWN;
        }
        AtomicIntegerArray page = pages.get(number >> PAGE_BITS);
        return page == null ? 0 : page.getAndSet(number & (PAGE_SIZE - 1), 0);
    }

    /** Whether the TCP-only options must be read from the socket with these marks. */
    boolean mustRead(int marks) {
        return (marks & TCP_ONLY) != 0 || freshValues == null;
    }

    /** TCP-only options read from a socket; those of an unmarked socket become the fresh values. */
    void read(int marks, Map<SocketOption<?>, Object> values) {
        if (trusted && freshValues == null && (marks & TCP_ONLY) == 0) {
            freshValues = Map.copyOf(values);
        }
    }

    /** What a TCP socket nobody set an option on answers, once one was read; else null. */
    Map<SocketOption<?>, Object> freshValues() {
        return freshValues;
    }
}
