package io.mesoflow.api.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A team's GPU-hour budget burning down over its window: from the window's start (nothing used),
 * one point where each finished attempt's GPU time counts (the same attempts as the team's
 * {@code gpuHoursUsed}: those that ended inside the window), to now. Pure.
 */
public final class GpuBurnDown {
    private GpuBurnDown() {
    }

    /** GPU seconds an attempt used, counted when it ended. */
    public record Use(Instant endedAt, double gpuSeconds) {
    }

    /**
     * One point of the curve.
     *
     * @param remaining the budget left (null when the team has no budget); negative once overspent
     */
    public record Point(Instant at, double used, Double remaining) {
    }

    /** The curve; uses outside {@code [windowStart, now]} or without GPU time are left out. */
    public static List<Point> curve(Instant windowStart, Instant now, Double budget, List<Use> uses) {
        List<Point> points = new ArrayList<>();
        points.add(point(windowStart, 0, budget));
        double used = 0;
        List<Use> inWindow = uses.stream()
                .filter(u -> u.gpuSeconds() > 0 && !u.endedAt().isBefore(windowStart) && !u.endedAt().isAfter(now))
                .sorted(Comparator.comparing(Use::endedAt)).toList();
        for (Use use : inWindow) {
            used += use.gpuSeconds() / 3600;
            Point last = points.get(points.size() - 1);
            if (last.at().equals(use.endedAt())) {
                points.set(points.size() - 1, point(use.endedAt(), used, budget));
            } else {
                points.add(point(use.endedAt(), used, budget));
            }
        }
        if (!points.get(points.size() - 1).at().equals(now)) {
            points.add(point(now, used, budget));
        }
        return points;
    }

    private static Point point(Instant at, double used, Double budget) {
        return new Point(at, used, budget == null ? null : budget - used);
    }
}
