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
        boolean belongsTo(FileDescriptor fd);
    }

    private volatile AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(1024);

    public void register(int number, T entry) {
        AtomicReferenceArray<T> current = slots;
        while (number >= current.length()) {
            current = grow(current, number);
        }
        current.set(number, entry);
        if (slots != current) {
            // A concurrent grow copied the old array; write again into the one now published.
            slots.set(number, entry);
        }
    }

    private synchronized AtomicReferenceArray<T> grow(AtomicReferenceArray<T> seen, int number) {
        AtomicReferenceArray<T> current = slots;
        if (current != seen || number < current.length()) {
            return current;
        }
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
        int number = UnixCalls.fdVal(fd);
        AtomicReferenceArray<T> current = slots;
        if (number < 0 || number >= current.length()) {
            return null;
        }
        T entry = current.get(number);
        return entry != null && entry.belongsTo(fd) ? entry : null;
    }

    /** Removes and returns the entry of this FileDescriptor, or null. */
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
