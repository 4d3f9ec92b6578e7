package io.loopshift.sample.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors counted by kind, safe to add to from many threads. */
public final class ErrorCounts {
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    /** Counts one error; true if it is the first of its kind (worth a log line). */
    public boolean add(String kind) {
        LongAdder[] created = new LongAdder[1];
        LongAdder counter = byKind.computeIfAbsent(kind, k -> created[0] = new LongAdder());
        counter.increment();
        return created[0] != null;
    }

    public long count(String kind) {
        LongAdder counter = byKind.get(kind);
        return counter == null ? 0 : counter.sum();
    }

    public long total() {
        long total = 0;
        for (LongAdder counter : byKind.values()) {
            total += counter.sum();
        }
        return total;
    }

    /** Kinds with their counts, most frequent first. */
    public List<Map.Entry<String, Long>> sorted() {
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        byKind.forEach((kind, counter) -> entries.add(Map.entry(kind, counter.sum())));
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }

    /** {@code EADDRNOTAVAIL:123,TIMEOUT:2}, or {@code none}: one token for a summary line. */
    public String compact() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> entry : sorted()) {
            parts.add(entry.getKey() + ":" + entry.getValue());
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    /** The counts at one moment, so a total and its breakdown agree while other threads keep counting. */
    public Snapshot snapshot() {
        return new Snapshot(sorted());
    }

    /** Kinds and counts at one moment, most frequent first. */
    public record Snapshot(List<Map.Entry<String, Long>> kinds) {

        public long total() {
            return kinds.stream().mapToLong(Map.Entry::getValue).sum();
        }

        /** {@code EADDRNOTAVAIL 1,234, TIMEOUT 2} for people, or an empty string. */
        public String readable() {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Long> entry : kinds) {
                parts.add(entry.getKey() + " " + Numbers.grouped(entry.getValue()));
            }
            return String.join(", ", parts);
        }
    }
}
