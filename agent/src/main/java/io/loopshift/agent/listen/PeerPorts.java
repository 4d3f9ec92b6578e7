package io.loopshift.agent.listen;

import io.loopshift.agent.jdk.DescriptorTable;
import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The remote ports that accepted connections report. A Unix peer has no port, but applications
 * log it, key sessions by it, or count distinct peers, so each live connection gets its own from
 * the kernel's ephemeral range, as a TCP client would have. A port is free again once the
 * connection that held it is closed: the socket close hook tells, because the JDK leaves a
 * closed socket's FileDescriptor with its old number (NioSocketImpl, JDK 17). Only when every
 * port of the range is held by a live connection is one shared, and counted.
 */
final class PeerPorts {
    private final int first;
    private final int count;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicReferenceArray<Holder> holders;
    private final DescriptorTable<Holder> byDescriptor = new DescriptorTable<>();
    final LongAdder shared = new LongAdder();

    /** An accepted connection and the rule that accepted it; open until its close is seen. */
    private static final class Holder implements DescriptorTable.Entry {
        private final FileDescriptor fd;
        private final ListenMetrics rule;
        private volatile boolean open = true;

        Holder(FileDescriptor fd, ListenMetrics rule) {
            this.fd = fd;
            this.rule = rule;
        }

        @Override
        public boolean belongsTo(Object candidate) {
            return fd == candidate;
        }

        boolean open() {
            return open;
        }

        ListenMetrics rule() {
            return rule;
        }
    }

    PeerPorts(int first, int last) {
        this.first = first;
        this.count = last - first + 1;
        this.holders = new AtomicReferenceArray<>(count);
    }

    /** The kernel's ip_local_port_range, or Linux's default where it cannot be read. */
    static PeerPorts ofThisHost() {
        try {
            String[] range = Files.readString(Paths.get("/proc/sys/net/ipv4/ip_local_port_range"), StandardCharsets.US_ASCII).trim().split("\\s+");
            int low = Integer.parseInt(range[0]);
            int high = Integer.parseInt(range[1]);
            if (low >= 1 && low <= high && high <= 65535) {
                return new PeerPorts(low, high);
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not Linux, or a restricted /proc: the default range serves as well.
        }
        return new PeerPorts(32768, 60999);
    }

    int assign(FileDescriptor fd, ListenMetrics rule) {
        Holder mine = new Holder(fd, rule);
        byDescriptor.register(UnixCalls.fdVal(fd), mine);
        for (int tries = 0; tries < count; tries++) {
            int index = Math.floorMod(cursor.getAndIncrement(), count);
            Holder holder = holders.get(index);
            if ((holder == null || !holder.open()) && holders.compareAndSet(index, holder, mine)) {
                return first + index;
            }
        }
        shared.increment();
        int index = Math.floorMod(cursor.getAndIncrement(), count);
        holders.set(index, mine);
        return first + index;
    }

    /** A socket is being closed: if it is an accepted connection, its port is free from now on. */
    void closing(FileDescriptor fd) {
        Holder holder = byDescriptor.remove(fd);
        if (holder != null) {
            holder.open = false;
        }
    }

    /** Connections accepted under this rule and still open (a scan: for JMX, not for the accept path). */
    long openFor(ListenMetrics rule) {
        long open = 0;
        for (int i = 0; i < count; i++) {
            Holder holder = holders.get(i);
            if (holder != null && holder.rule() == rule && holder.open()) {
                open++;
            }
        }
        return open;
    }
}
