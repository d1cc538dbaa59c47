package io.mesoflow.launcher.artifact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which cache entries to evict so that the cache holds at most a given number of bytes: the least
 * recently used first, never a pinned one (an unfinished task on this agent names it, or a request is
 * fetching or filling it right now), and no more than needed. When the pinned entries alone exceed the
 * bound, every unpinned one goes and the cache stays over it until a task ends. Pure.
 */
public final class Eviction {
    /**
     * An entry as the cache found it.
     *
     * @param key      its cache key
     * @param bytes    what its files take (the fetched file and what it unpacked)
     * @param lastUsed when a request last used it
     * @param pinned   whether it must stay
     */
    public record Entry(String key, long bytes, Instant lastUsed, boolean pinned) {
    }

    private Eviction() {
    }

    /** The entries to evict, in the order to evict them (least recently used first; ties by key). */
    public static List<Entry> plan(List<Entry> entries, long maxBytes) {
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        List<Entry> candidates = entries.stream().filter(e -> !e.pinned())
                .sorted(Comparator.comparing(Entry::lastUsed).thenComparing(Entry::key)).toList();
        List<Entry> evict = new ArrayList<>();
        for (Entry entry : candidates) {
            if (total <= maxBytes) {
                break;
            }
            evict.add(entry);
            total -= entry.bytes();
        }
        return evict;
    }
}
