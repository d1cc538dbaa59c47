package io.mesoflow.api.eta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The resources running jobs free as they finish: those with a finish ETA in ETA order (with the
 * running total freed after each), then those without one. Finds the first finish after which a
 * demand is covered in O(log n).
 */
final class Releases {
    private final List<StartEstimator.Running> known;
    private final List<StartEstimator.Running> unknown;
    private final double[] cpus;
    private final double[] memMb;
    private final long[] gpus;

    Releases(List<StartEstimator.Running> running) {
        known = new ArrayList<>();
        unknown = new ArrayList<>();
        for (StartEstimator.Running job : running) {
            (job.finishEta() != null ? known : unknown).add(job);
        }
        known.sort(Comparator.comparing(StartEstimator.Running::finishEta).thenComparing(StartEstimator.Running::jobId));
        unknown.sort(Comparator.comparing(StartEstimator.Running::jobId));
        cpus = new double[known.size()];
        memMb = new double[known.size()];
        gpus = new long[known.size()];
        double c = 0;
        double m = 0;
        long g = 0;
        for (int i = 0; i < known.size(); i++) {
            Demand d = known.get(i).demand();
            cpus[i] = c += d.cpus();
            memMb[i] = m += d.memMb();
            gpus[i] = g += d.gpus();
        }
    }

    boolean isEmpty() {
        return known.isEmpty() && unknown.isEmpty();
    }

    /** The running job whose finish first covers {@code needed}; null when those with an ETA never do. */
    StartEstimator.Running coveringFinish(Demand needed) {
        int n = known.size();
        int k = Math.max(first(n, needed.cpus() - 1e-9, i -> cpus[i]),
                Math.max(first(n, needed.memMb() - 1e-9, i -> memMb[i]), first(n, needed.gpus(), i -> gpus[i])));
        return k < known.size() ? known.get(k) : null;
    }

    /** The first running job without a finish ETA (the one a job waits for once those with one are not enough). */
    StartEstimator.Running firstWithoutEta() {
        return unknown.isEmpty() ? null : unknown.get(0);
    }

    /**
     * Index of the first of {@code length} non-decreasing running totals ({@code prefix}) that
     * reaches {@code need} (0 when nothing is needed); {@code length} when none does.
     */
    static int first(int length, double need, IntToDoubleFunction prefix) {
        if (need <= 0) {
            return 0;
        }
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix.applyAsDouble(mid) >= need) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
