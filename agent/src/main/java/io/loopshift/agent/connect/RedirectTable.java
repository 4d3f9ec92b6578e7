package io.loopshift.agent.connect;

import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sockets redirected to Unix sockets, indexed by descriptor number for a lock-free,
 * allocation-free lookup, each entry checked against the caller's FileDescriptor object: a
 * number the OS reuses after close belongs to a new FileDescriptor and is never mistaken for a
 * redirected one. An entry lives until its number is redirected again, so the table holds at
 * most one small entry per descriptor number.
 */
final class RedirectTable {
    private volatile AtomicReferenceArray<RedirectedSocket> slots = new AtomicReferenceArray<>(1024);

    void register(int number, RedirectedSocket socket) {
        AtomicReferenceArray<RedirectedSocket> current = slots;
        while (number >= current.length()) {
            current = grow(current, number);
        }
        current.set(number, socket);
        if (slots != current) {
            // A concurrent grow copied the old array; write again into the one now published.
            slots.set(number, socket);
        }
    }

    private synchronized AtomicReferenceArray<RedirectedSocket> grow(AtomicReferenceArray<RedirectedSocket> seen, int number) {
        AtomicReferenceArray<RedirectedSocket> current = slots;
        if (current != seen || number < current.length()) {
            return current;
        }
        int length = current.length();
        while (length <= number) {
            length *= 2;
        }
        AtomicReferenceArray<RedirectedSocket> bigger = new AtomicReferenceArray<>(length);
        for (int i = 0; i < current.length(); i++) {
            bigger.set(i, current.get(i));
        }
        slots = bigger;
        return bigger;
    }

    /** The redirected socket behind this FileDescriptor, or null for every other socket. */
    RedirectedSocket find(FileDescriptor fd) {
        return find(UnixCalls.fdVal(fd), fd);
    }

    /** The redirected socket with this number that belongs to this owner (a FileDescriptor or a Netty socket), or null. */
    RedirectedSocket find(int number, Object owner) {
        AtomicReferenceArray<RedirectedSocket> current = slots;
        if (number < 0 || number >= current.length()) {
            return null;
        }
        RedirectedSocket socket = current.get(number);
        return socket != null && socket.belongsTo(owner) ? socket : null;
    }
}
