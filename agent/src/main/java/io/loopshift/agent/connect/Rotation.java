package io.loopshift.agent.connect;

import io.loopshift.agent.config.AddressPool;

import java.net.Inet4Address;
import java.util.concurrent.atomic.AtomicInteger;

/** Round-robin over an address pool: one atomic increment per pick, no lock. */
final class Rotation {
    private final AddressPool pool;
    private final AtomicInteger cursor = new AtomicInteger();

    Rotation(AddressPool pool) {
        this.pool = pool;
    }

    Inet4Address next() {
        return pool.get(Math.floorMod(cursor.getAndIncrement(), pool.size()));
    }

    /** The index of the address the next pick returns. */
    int position() {
        return Math.floorMod(cursor.get(), pool.size());
    }

    AddressPool pool() {
        return pool;
    }
}
