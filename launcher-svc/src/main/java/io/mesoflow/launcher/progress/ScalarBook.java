package io.mesoflow.launcher.progress;

import io.mesoflow.events.ScalarPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scalars of one job's reading: the latest value of each tag and the points not yet published.
 * Bounded: at most {@code maxTags} tags, the first seen (a value of any other tag is dropped and
 * counted), tags {@link ScalarTags#usable} only, and at most {@code maxPending} points (beyond that
 * they are thinned to half, evenly per tag). Framework-free; used by one thread.
 */
final class ScalarBook {
    private final int maxTags;
    private final int maxPending;
    private final Map<String, Double> latest = new TreeMap<>();
    private final Map<String, Long> steps = new HashMap<>();
    private final List<ScalarPoint> pending = new ArrayList<>();
    private int dropped;

    ScalarBook(int maxTags, int maxPending) {
        this.maxTags = maxTags;
        this.maxPending = maxPending;
    }

    /** Takes one value; false when it is dropped (its tag is not usable, or new beyond {@code maxTags}). */
    boolean add(String tag, long step, double value) {
        Long last = steps.get(tag);
        if (last == null && (steps.size() >= maxTags || !ScalarTags.usable(tag))) {
            dropped++;
            return false;
        }
        if (last == null || step >= last) {
            latest.put(tag, value);
            steps.put(tag, step);
        }
        pending.add(new ScalarPoint(tag, step, value));
        if (pending.size() > maxPending) {
            List<ScalarPoint> thinned = PointSampler.sample(pending, maxPending / 2);
            pending.clear();
            pending.addAll(thinned);
        }
        return true;
    }

    /** The latest value of each tag (a copy). */
    Map<String, Double> latest() {
        return Map.copyOf(latest);
    }

    /** The points not yet published, oldest first (a copy). */
    List<ScalarPoint> pending() {
        return List.copyOf(pending);
    }

    /** Forgets the first {@code count} pending points: they were published. */
    void published(int count) {
        pending.subList(0, Math.min(count, pending.size())).clear();
    }

    /** Forgets everything (the source changed); the count of dropped values stays. */
    void clear() {
        latest.clear();
        steps.clear();
        pending.clear();
    }

    /** Values dropped since the last call. */
    int takeDropped() {
        int taken = dropped;
        dropped = 0;
        return taken;
    }
}
