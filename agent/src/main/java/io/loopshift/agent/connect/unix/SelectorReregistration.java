package io.loopshift.agent.connect.unix;

import io.loopshift.agent.jdk.JavaBaseAccess;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;

import static java.lang.invoke.MethodType.methodType;

/**
 * Puts a redirected channel back into the epoll sets of the selectors it was registered with.
 * dup2 releases the TCP socket, and the kernel drops it from every epoll set; the selector still
 * believes it is registered, so its next change would be an EPOLL_CTL_MOD that fails with ENOENT
 * (ignored) and select would never fire. Marking each key as unregistered and queueing an update
 * makes the selector add the new socket on its next select (EPollSelectorImpl, JDK 17 and 25).
 * Netty registers with no interest before connecting, which needs none of this.
 */
final class SelectorReregistration {
    private static final MethodHandle KEYS;
    private static final MethodHandle REGISTERED_EVENTS;
    private static final MethodHandle SET_REGISTERED_EVENTS;
    private static final MethodHandle SET_EVENT_OPS;
    private static final Class<?> KEY_IMPL;

    static {
        try {
            MethodHandles.Lookup spi = JavaBaseAccess.privateLookup(AbstractSelectableChannel.class);
            KEYS = spi.findGetter(AbstractSelectableChannel.class, "keys", SelectionKey[].class);
            MethodHandles.Lookup keys = JavaBaseAccess.privateLookup("sun.nio.ch.SelectionKeyImpl");
            KEY_IMPL = keys.lookupClass();
            REGISTERED_EVENTS = keys.findVirtual(KEY_IMPL, "registeredEvents", methodType(int.class));
            SET_REGISTERED_EVENTS = keys.findVirtual(KEY_IMPL, "registeredEvents", methodType(void.class, int.class));
            MethodHandles.Lookup selectors = JavaBaseAccess.privateLookup("sun.nio.ch.SelectorImpl");
            SET_EVENT_OPS = selectors.findVirtual(selectors.lookupClass(), "setEventOps", methodType(void.class, KEY_IMPL));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SelectorReregistration() {
    }

    static void verify() {
    }

    static void reregister(Object channel) throws Throwable {
        if (!(channel instanceof AbstractSelectableChannel) || !((AbstractSelectableChannel) channel).isRegistered()) {
            return;
        }
        SelectionKey[] keys = (SelectionKey[]) KEYS.invoke((AbstractSelectableChannel) channel);
        if (keys == null) {
            return;
        }
        for (SelectionKey key : keys) {
            if (key == null || !key.isValid() || !KEY_IMPL.isInstance(key)) {
                continue;
            }
            if ((int) REGISTERED_EVENTS.invoke(key) != 0) {
                SET_REGISTERED_EVENTS.invoke(key, 0);
                Selector selector = key.selector();
                SET_EVENT_OPS.invoke(selector, key);
                selector.wakeup();
            }
        }
    }
}
