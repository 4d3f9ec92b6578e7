package io.loopshift.agent.connect.unix;

import java.net.SocketOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which descriptor numbers had a TCP-only option set before their connect, so a {@code unix:}
 * redirect reads the TCP socket's options (one getsockopt each) only where the application set
 * one; every other redirected socket answers with a fresh TCP socket's values, read once from the
 * first such socket. The marks come from the option hook in {@code Net.setSocketOption}, which
 * every JDK socket class goes through (NioSocketImpl, SocketChannelImpl, the asynchronous channel;
 * JDK 17 and 25 sources). They are trusted only when that hook was in place before the
 * application ran (premain); after an attach, sockets may predate the hook, and every redirect
 * reads all options as before.
 *
 * <p>A mark is a hint that errs one way only: a stale mark (a closed socket's number reused)
 * costs one read; a missing mark never happens while trusted, since a mark is cleared only by the
 * redirect that read the options. Pages of numbers are created once and never replaced, so no
 * mark can be lost to a concurrent grow.
 */
final class OptionsBeforeConnect {
    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    /** Descriptor numbers above this (beyond Linux's default nr_open) are always read. */
    private static final int NUMBERS = 1 << 21;

    private final AtomicReferenceArray<AtomicIntegerArray> pages = new AtomicReferenceArray<>(NUMBERS >> PAGE_BITS);
    private volatile boolean trusted;
    private volatile Map<SocketOption<?>, Object> freshValues;

    /** The option hook saw every option set since the first application socket. */
    void trust() {
        trusted = true;
    }

    /** A TCP-only option is being set on this (not redirected) socket. */
    void markSet(int number) {
        if (number < 0 || number >= NUMBERS) {
            return;
        }
        AtomicIntegerArray page = pages.get(number >> PAGE_BITS);
        if (page == null) {
            pages.compareAndSet(number >> PAGE_BITS, null, new AtomicIntegerArray(PAGE_SIZE));
            page = pages.get(number >> PAGE_BITS);
        }
        page.set(number & (PAGE_SIZE - 1), 1);
    }

    /**
     * Whether the options of the socket with this number must be read before it is replaced, and
     * forgets its mark (the caller reads them now, or they are a fresh socket's).
     */
    boolean mustRead(int number) {
        if (!trusted || freshValues == null || number < 0 || number >= NUMBERS) {
            return true;
        }
        AtomicIntegerArray page = pages.get(number >> PAGE_BITS);
        return page != null && page.getAndSet(number & (PAGE_SIZE - 1), 0) != 0;
    }

    /** Options read from a socket; those of an unmarked socket become the fresh values. */
    void read(int number, Map<SocketOption<?>, Object> values) {
        if (trusted && freshValues == null && !takeMark(number)) {
            freshValues = Map.copyOf(values);
        }
    }

    /** What a TCP socket nobody set an option on answers, once one was read; else null. */
    Map<SocketOption<?>, Object> freshValues() {
        return freshValues;
    }

    private boolean takeMark(int number) {
        if (number < 0 || number >= NUMBERS) {
            return true;
        }
        AtomicIntegerArray page = pages.get(number >> PAGE_BITS);
        return page != null && page.getAndSet(number & (PAGE_SIZE - 1), 0) != 0;
    }
}
