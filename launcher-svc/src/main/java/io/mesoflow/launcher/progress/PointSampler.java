package io.mesoflow.launcher.progress;

import io.mesoflow.events.ScalarPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thins scalar points to at most {@code max}: each tag gets an equal share (at least one point), taken
 * evenly across its points and always keeping its last one; order within a tag is kept.
 */
public final class PointSampler {
    private PointSampler() {
    }

    public static List<ScalarPoint> sample(List<ScalarPoint> points, int max) {
        if (points.size() <= max) {
            return List.copyOf(points);
        }
        Map<String, List<ScalarPoint>> byTag = new LinkedHashMap<>();
        points.forEach(p -> byTag.computeIfAbsent(p.tag(), t -> new ArrayList<>()).add(p));
        int share = Math.max(1, max / byTag.size());
        List<ScalarPoint> kept = new ArrayList<>();
        for (List<ScalarPoint> series : byTag.values()) {
            if (series.size() <= share) {
                kept.addAll(series);
                continue;
            }
            for (int i = 0; i < share; i++) {
                // evenly from the first to the last (i = share - 1 picks the last)
                int index = share == 1 ? series.size() - 1
                        : (int) Math.round((double) i * (series.size() - 1) / (share - 1));
                kept.add(series.get(index));
            }
        }
        return List.copyOf(kept);
    }
}
