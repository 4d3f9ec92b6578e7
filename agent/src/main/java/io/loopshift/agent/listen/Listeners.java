package io.loopshift.agent.listen;

import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server sockets now listening on Unix sockets. A server has a handful of them, and every
 * accept and every socket close asks this table, so it is a copy-on-write array searched by
 * FileDescriptor identity: no lock, no allocation, nothing to do when it is empty.
 */
final class Listeners {
    private static final Listener[] NONE = new Listener[0];
    private volatile Listener[] listening = NONE;

    Listener find(FileDescriptor fd) {
        for (Listener listener : listening) {
            if (listener.fd() == fd) {
                return listener;
            }
        }
        return null;
    }

    /** The listener on this path, or null. */
    Listener onPath(String path) {
        for (Listener listener : listening) {
            if (listener.path().equals(path)) {
                return listener;
            }
        }
        return null;
    }

    synchronized void add(Listener listener) {
        Listener[] more = Arrays.copyOf(listening, listening.length + 1);
        more[listening.length] = listener;
        listening = more;
    }

    /** Removes and returns the listener of this descriptor, or null when it is not one (every socket close asks: no lock then). */
    Listener remove(FileDescriptor fd) {
        return find(fd) == null ? null : removeFound(fd);
    }

    private synchronized Listener removeFound(FileDescriptor fd) {
        Listener found = find(fd);
        if (found == null) {
            return null;
        }
        List<Listener> rest = new ArrayList<>(Arrays.asList(listening));
        rest.remove(found);
        listening = rest.toArray(NONE);
        return found;
    }

    List<Listener> all() {
        return List.of(listening);
    }
}
