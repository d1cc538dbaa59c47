package io.mesoflow.api.service;

import io.mesoflow.events.BudgetPolicy;
import java.util.Locale;

/**
 * Whether a team's GPU-hour usage is at or over the budget's warning threshold (e.g. 0.9), what
 * a crossing does (raise {@code GpuBudgetThresholdReached} once; clear when usage drops back
 * under), and the notice the API shows while over it.
 */
public final class BudgetThreshold {
    /** What a check finds against what was known. */
    public enum Crossing {
        /** Usage reached the threshold now: publish once. */
        REACHED,
        /** Usage dropped back under it: the next crossing publishes again. */
        CLEARED,
        /** Nothing changed. */
        NONE
    }

    private BudgetThreshold() {
    }

    /** Whether {@code used} is at or over {@code threshold × budget}; false without a budget. */
    public static boolean reached(double used, Double budget, double threshold) {
        return budget != null && budget > 0 && used + 1e-9 >= threshold * budget;
    }

    public static Crossing crossing(boolean wasReached, double used, Double budget, double threshold) {
        boolean now = reached(used, budget, threshold);
        if (now == wasReached) {
            return Crossing.NONE;
        }
        return now ? Crossing.REACHED : Crossing.CLEARED;
    }

    /** The notice while over the threshold, else null. */
    public static String notice(double used, Double budget, double threshold, BudgetPolicy policy) {
        if (!reached(used, budget, threshold)) {
            return null;
        }
        long percent = Math.round(100 * used / budget);
        String then = policy == BudgetPolicy.SUSPEND
                ? "running GPU jobs are suspended when it is spent"
                : "new GPU jobs wait when it is spent; running ones finish";
        return String.format(Locale.ROOT, "%d %% of the GPU-hour budget used; %s", percent,
                used >= budget ? then.replace("when it is spent", "now that it is spent") : then);
    }
}
