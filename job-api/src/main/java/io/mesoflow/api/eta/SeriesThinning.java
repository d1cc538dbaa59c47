package io.mesoflow.api.eta;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a scalar series bounded: while a tag has more than {@code max} points, every other point of
 * the older half (by step) is dropped, so recent training stays dense and the start stays visible.
 * Deterministic: the same steps always keep the same points.
 */
public final class SeriesThinning {
    private SeriesThinning() {
    }

    /** The steps to drop from {@code steps} (ascending, distinct) to keep at most {@code max}. */
    public static List<Long> toDrop(List<Long> steps, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max must be at least 2");
        }
        List<Long> kept = new ArrayList<>(steps);
        List<Long> dropped = new ArrayList<>();
        while (kept.size() > max) {
            int olderHalf = (kept.size() + 1) / 2; // at least 2 points once over max >= 2: progress
            List<Long> next = new ArrayList<>(kept.size());
            for (int i = 0; i < kept.size(); i++) {
                if (i < olderHalf && i % 2 == 1) {
                    dropped.add(kept.get(i));
                } else {
                    next.add(kept.get(i));
                }
            }
            kept = next;
        }
        return dropped;
    }

    /** The indices of at most {@code max} of {@code size} ordered items, spread evenly: the first and the last always. */
    public static List<Integer> evenly(int size, int max) {
        List<Integer> indices = new ArrayList<>();
        if (size <= max) {
            for (int i = 0; i < size; i++) {
                indices.add(i);
            }
            return indices;
        }
        double stride = (double) (size - 1) / (max - 1);
        int last = -1;
        for (int k = 0; k < max; k++) {
            int i = (int) Math.round(k * stride);
            if (i != last) {
                indices.add(i);
                last = i;
            }
        }
        return indices;
    }
}
