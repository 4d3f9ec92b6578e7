package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.NetCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

/**
 * The SOL_SOCKET options a Unix socket has too (SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_LINGER,
 * SO_REUSEADDR): set on the TCP socket before a {@code unix:} connect, they are copied onto the
 * Unix socket that replaces it, so they read back and act as set. Only the options the
 * application set are copied: a Unix socket keeps its own buffer sizes otherwise, which a TCP
 * socket's defaults would shrink.
 */
final class SocketLevelOptions {
    static final int SNDBUF = 1 << 1;
    static final int RCVBUF = 1 << 2;
    static final int KEEPALIVE = 1 << 3;
    static final int LINGER = 1 << 4;
    static final int REUSEADDR = 1 << 5;
    static final int ALL = SNDBUF | RCVBUF | KEEPALIVE | LINGER | REUSEADDR;

    private static final int SOL_SOCKET = 1;
    private static final int[] BITS = {SNDBUF, RCVBUF, KEEPALIVE, LINGER, REUSEADDR};
    /** Linux option numbers, in the order of {@link #BITS}. */
    private static final int[] NUMBERS = {7, 8, 9, 13, 2};
    /** No value a new Unix socket surely has: always set (buffer sizes). */
    private static final int ALWAYS = Integer.MIN_VALUE;
    /** What a new Unix socket answers, where it is the same for every socket (off), in the order of {@link #BITS}. */
    private static final int[] UNIX_DEFAULTS = {ALWAYS, ALWAYS, 0, -1, 0};

    private SocketLevelOptions() {
    }

    /** The mark of a SOL_SOCKET option; 0 for one no Unix socket takes over. */
    static int bitOf(SocketOption<?> option) {
        if (option == StandardSocketOptions.SO_SNDBUF) {
            return SNDBUF;
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            return RCVBUF;
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return KEEPALIVE;
        } else if (option == StandardSocketOptions.SO_LINGER) {
            return LINGER;
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            return REUSEADDR;
        }
        return 0;
    }

    /**
     * Copies the marked options from the TCP socket to the Unix socket. The kernel doubles a
     * buffer size when it is set and answers the doubled value, so half of what the TCP socket
     * answers is set, and both answer the same (under the same limits: net.core.wmem_max/rmem_max
     * and the minimum apply to every socket family alike).
     */
    static void copy(FileDescriptor tcp, FileDescriptor unix, int marks) throws IOException {
        if ((marks & ALL) == 0) {
            return;
        }
        for (int i = 0; i < BITS.length; i++) {
            if ((marks & BITS[i]) != 0) {
                int value = NetCalls.getIntOption(tcp, SOL_SOCKET, NUMBERS[i]);
                if (UNIX_DEFAULTS[i] == value) {
                    continue; // the Unix socket has it so already (after an attach every socket is read, few set anything)
                }
                NetCalls.setIntOption(unix, SOL_SOCKET, NUMBERS[i], BITS[i] == SNDBUF || BITS[i] == RCVBUF ? value / 2 : value);
            }
        }
    }
}
