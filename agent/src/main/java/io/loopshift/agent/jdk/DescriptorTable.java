package io.loopshift.agent.jdk;

import java.io.FileDescriptor;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Entries indexed by descriptor number for a lock-free, allocation-free lookup, each checked
 * against the caller's FileDescriptor object: a number the OS reuses after close belongs to a
 * new FileDescriptor and is never mistaken for the old one. An entry lives until its number is
 * registered again or it is removed, so the table holds at most one entry per descriptor number.
 *
 * @param <T> what is remembered about a descriptor
 */
public class DescriptorTable<T extends DescriptorTable.Entry> {
    /** Something remembered about one JDK FileDescriptor. */
    public interface Entry {
        /** True when this entry was made for exactly this FileDescriptor object. */
        boolean belongsTo(Object owner);
    }

    private volatile AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(1024);

    /**
     * Writers take the table's lock, readers never do: a lock-free writer could store into the
     * array a concurrent grow had already copied but not yet published, and the entry was lost
     * (a redirected socket then answered with the JDK's misreading of an AF_UNIX address).
     */
    public synchronized void register(int number, T entry) {
        AtomicReferenceArray<T> current = slots;
        if (number >= current.length()) {
            current = grow(current, number);
        }
        current.set(number, entry);
    }

    /** Forgets an entry whose descriptor did not become what it describes, unless the number was registered again. */
    public synchronized void unregister(int number, T entry) {
        AtomicReferenceArray<T> current = slots;
        if (number >= 0 && number < current.length()) {
            current.compareAndSet(number, entry, null);
        }
    }

    private AtomicReferenceArray<T> grow(AtomicReferenceArray<T> current, int number) {
        int length = current.length();
        while (length <= number) {
            length *= 2;
        }
        AtomicReferenceArray<T> bigger = new AtomicReferenceArray<>(length);
        for (int i = 0; i < current.length(); i++) {
            bigger.set(i, current.get(i));
        }
        slots = bigger;
        return bigger;
    }

    /** The entry of this FileDescriptor, or null for every other descriptor. */
    public T find(FileDescriptor fd) {
        return find(UnixCalls.fdVal(fd), fd);
    }

    /** The entry with this number that belongs to this owner (a FileDescriptor, or a Netty socket), or null. */
    public T find(int number, Object owner) {
        AtomicReferenceArray<T> current = slots;
        if (number < 0 || number >= current.length()) {
            return null;
        }
        T entry = current.get(number);
        return entry != null && entry.belongsTo(owner) ? entry : null;
    }

    /** Removes and returns the entry of this FileDescriptor, or null. Lock-free: a lost race leaves the entry, which only its own FileDescriptor matches. */
    public T remove(FileDescriptor fd) {
        int number = UnixCalls.fdVal(fd);
        AtomicReferenceArray<T> current = slots;
        if (number < 0 || number >= current.length()) {
            return null;
        }
        T entry = current.get(number);
        if (entry != null && entry.belongsTo(fd) && current.compareAndSet(number, entry, null)) {
            return entry;
        }
        return null;
    }
}
