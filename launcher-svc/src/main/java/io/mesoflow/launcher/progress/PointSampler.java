package io.mesoflow.launcher.progress;

import io.mesoflow.events.ScalarPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thins scalar points to at most {@code max}: each tag gets an equal share ({@code max / tags}, the
 * first tags one more until {@code max} is used up), taken evenly across its points and always keeping
 * its last one; order within a tag is kept. With more tags than {@code max}, only the first {@code max}
 * tags (in order of their first point) keep one point each, their last.
 */
public final class PointSampler {
    private PointSampler() {
    }

    public static List<ScalarPoint> sample(List<ScalarPoint> points, int max) {
        if (points.size() <= max) {
            return List.copyOf(points);
        }
        if (max <= 0) {
            return List.of();
        }
        Map<String, List<ScalarPoint>> byTag = new LinkedHashMap<>();
        points.forEach(p -> byTag.computeIfAbsent(p.tag(), t -> new ArrayList<>()).add(p));
        int base = max / byTag.size();
        int extra = max % byTag.size(); // the first tags get one more
        List<ScalarPoint> kept = new ArrayList<>();
        int index = 0;
        for (List<ScalarPoint> series : byTag.values()) {
            int share = base + (index++ < extra ? 1 : 0);
            kept.addAll(evenly(series, share));
        }
        return List.copyOf(kept);
    }

    private static List<ScalarPoint> evenly(List<ScalarPoint> series, int share) {
        if (series.size() <= share) {
            return series;
        }
        List<ScalarPoint> kept = new ArrayList<>(share);
        for (int i = 0; i < share; i++) {
            // evenly from the first to the last (i = share - 1 picks the last)
            int at = share == 1 ? series.size() - 1
                    : (int) Math.round((double) i * (series.size() - 1) / (share - 1));
            kept.add(series.get(at));
        }
        return kept;
    }
}
