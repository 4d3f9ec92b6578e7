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
 *
 * <p>Writers take the table's lock, readers never do. A lock-free writer could store into the
 * array a concurrent grow had already copied but not yet published, and the entry was lost: the
 * socket then answered {@code getLocalAddress()} with the JDK's misreading of an AF_UNIX address.
 * A redirect makes several system calls, so one uncontended lock per redirect costs nothing
 * measurable; lookups, made on every address or option call of any socket, stay lock-free.
 */
final class RedirectTable {
    private volatile AtomicReferenceArray<RedirectedSocket> slots = new AtomicReferenceArray<>(1024);

    synchronized void register(int number, RedirectedSocket socket) {
        AtomicReferenceArray<RedirectedSocket> current = slots;
        if (number >= current.length()) {
            current = grow(current, number);
        }
        current.set(number, socket);
    }

    /** Forgets the entry of a redirect that did not happen (its dup2 failed), unless the number was registered again. */
    synchronized void unregister(int number, RedirectedSocket socket) {
        AtomicReferenceArray<RedirectedSocket> current = slots;
        if (number < current.length()) {
            current.compareAndSet(number, socket, null);
        }
    }

    private AtomicReferenceArray<RedirectedSocket> grow(AtomicReferenceArray<RedirectedSocket> current, int number) {
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
        int number = UnixCalls.fdVal(fd);
        AtomicReferenceArray<RedirectedSocket> current = slots;
        if (number < 0 || number >= current.length()) {
            return null;
        }
        RedirectedSocket socket = current.get(number);
        return socket != null && socket.belongsTo(fd) ? socket : null;
    }
}
