package io.mesoflow.api.service;

import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.eta.SeriesThinning;
import io.mesoflow.api.spec.SpecLimits;
import io.mesoflow.events.ScalarPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each job's scalar series (table {@code job_scalar_points}), at most {@code max-points-per-tag}
 * per tag. Work per record is bounded: at most {@code max-tags-per-record} tags and
 * {@code max-points-per-tag} points per tag are taken (spread evenly), one upsert per tag, and a
 * tag over its limit is thinned (SeriesThinning) with one read and one delete.
 */
@ApplicationScoped
public class ScalarSeries {
    /** Longest tag kept; a longer one is skipped. */
    public static final int MAX_TAG_CHARS = 200;

    /**
     * Whether a tag (written by the job, so untrusted) is kept: not empty, at most
     * {@link #MAX_TAG_CHARS}, and free of control characters (an ESC sequence must never reach a
     * console or a terminal that shows it).
     */
    public static boolean keepsTag(String tag) {
        return tag != null && !tag.isEmpty() && tag.length() <= MAX_TAG_CHARS
                && SpecLimits.controlCharacter(tag, false) == null;
    }

    @Inject
    EntityManager entityManager;

    @Inject
    ApiConfig config;

    /** One point of a series, as the API shows it. */
    public record Point(long step, double value) {
    }

    /** Adds the points (a point at a step already stored replaces it) and thins tags over the limit. */
    public void append(String jobId, List<ScalarPoint> points) {
        for (Map.Entry<String, List<ScalarPoint>> tag : byTag(points, config.progress().maxTagsPerRecord()).entrySet()) {
            List<ScalarPoint> taken = spread(tag.getValue(), config.progress().maxPointsPerTag());
            upsert(jobId, tag.getKey(), taken);
            thin(jobId, tag.getKey());
        }
    }

    /** Every series of the job: tag (in name order) to its points in step order. */
    @SuppressWarnings("unchecked")
    public Map<String, List<Point>> of(String jobId) {
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT tag, step, value FROM job_scalar_points WHERE job_id = ?1 ORDER BY tag, step")
                .setParameter(1, jobId).getResultList();
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (Object[] row : rows) {
            series.computeIfAbsent((String) row[0], t -> new ArrayList<>())
                    .add(new Point(((Number) row[1]).longValue(), ((Number) row[2]).doubleValue()));
        }
        return series;
    }

    /** Points grouped by tag, tags in name order, at most {@code maxTags}; tags not {@link #keepsTag kept} skipped. */
    static Map<String, List<ScalarPoint>> byTag(List<ScalarPoint> points, int maxTags) {
        TreeMap<String, List<ScalarPoint>> byTag = new TreeMap<>();
        for (ScalarPoint p : points) {
            if (keepsTag(p.tag())) {
                byTag.computeIfAbsent(p.tag(), t -> new ArrayList<>()).add(p);
            }
        }
        while (byTag.size() > maxTags) {
            byTag.pollLastEntry();
        }
        return byTag;
    }

    /** One point per step (the last given wins), in step order, at most {@code max} spread evenly. */
    static List<ScalarPoint> spread(List<ScalarPoint> points, int max) {
        TreeMap<Long, ScalarPoint> byStep = new TreeMap<>();
        points.forEach(p -> byStep.put(p.step(), p));
        List<ScalarPoint> ordered = new ArrayList<>(byStep.values());
        return SeriesThinning.evenly(ordered.size(), max).stream().map(ordered::get).toList();
    }

    private void upsert(String jobId, String tag, List<ScalarPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO job_scalar_points (job_id, tag, step, value) VALUES ");
        for (int i = 0; i < points.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?2, ?").append(3 + 2 * i).append(", ?").append(4 + 2 * i)
                    .append(")");
        }
        sql.append(" ON CONFLICT (job_id, tag, step) DO UPDATE SET value = EXCLUDED.value");
        var query = entityManager.createNativeQuery(sql.toString()).setParameter(1, jobId).setParameter(2, tag);
        for (int i = 0; i < points.size(); i++) {
            query.setParameter(3 + 2 * i, points.get(i).step()).setParameter(4 + 2 * i, points.get(i).value());
        }
        query.executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private void thin(String jobId, String tag) {
        int max = config.progress().maxPointsPerTag();
        Number count = (Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM job_scalar_points WHERE job_id = ?1 AND tag = ?2")
                .setParameter(1, jobId).setParameter(2, tag).getSingleResult();
        if (count.intValue() <= max) {
            return;
        }
        List<Number> steps = entityManager.createNativeQuery(
                        "SELECT step FROM job_scalar_points WHERE job_id = ?1 AND tag = ?2 ORDER BY step")
                .setParameter(1, jobId).setParameter(2, tag).getResultList();
        List<Long> drop = SeriesThinning.toDrop(steps.stream().map(Number::longValue).toList(), max);
        entityManager.createNativeQuery("DELETE FROM job_scalar_points WHERE job_id = ?1 AND tag = ?2 AND step = ANY(?3)")
                .setParameter(1, jobId).setParameter(2, tag).setParameter(3, drop.toArray(Long[]::new)).executeUpdate();
    }
}
