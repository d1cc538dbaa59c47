package io.mesoflow.placement.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order the queue is tried in: priority (higher first), then the team's dominant resource
 * share (DRF: the larger of its share of the cluster's cpus, memory and GPUs; the smaller share
 * first), then submit time, then job id. Shares are taken at the start of a pass.
 */
public final class QueueOrder {
    /** The cluster's size, for shares: what is held by tasks plus what is offered. */
    public record Cluster(double cpus, double memMb, int gpus) {
    }

    private QueueOrder() {
    }

    public static List<QueuedJob> order(List<QueuedJob> jobs, Map<String, TeamUsage> usage, Cluster cluster) {
        List<QueuedJob> ordered = new ArrayList<>(jobs);
        ordered.sort(Comparator.comparingInt((QueuedJob j) -> -j.priority())
                .thenComparingDouble(j -> dominantShare(usage.getOrDefault(j.team(), TeamUsage.NONE), cluster))
                .thenComparing(QueuedJob::submittedAt)
                .thenComparing(QueuedJob::jobId));
        return ordered;
    }

    public static double dominantShare(TeamUsage usage, Cluster cluster) {
        return Math.max(share(usage.cpus(), cluster.cpus()),
                Math.max(share(usage.memMb(), cluster.memMb()), share(usage.gpus(), cluster.gpus())));
    }

    private static double share(double used, double total) {
        return total <= 0 ? 0 : used / total;
    }
}
