package io.mesoflow.api.eta;

import java.time.Duration;
import java.time.Instant;

/**
 * A running job's GPU-hours: used so far, projected to its finish ETA (its GPUs for the time left),
 * and whether what it will still use exceeds what its team has left of its GPU-hour budget in the
 * budget's window. The window is taken as it is now (usage leaving it before the job finishes is not
 * credited), and other running jobs' future use is not counted: a warning says this job alone is
 * projected to exhaust the budget.
 */
public final class GpuHourProjection {
    /** A team's GPU-hour budget over a rolling window. */
    public record Budget(double gpuHours, int windowHours) {
    }

    /**
     * @param used          GPU-hours the job used so far
     * @param projected     used plus its GPUs until its finish ETA; null when that ETA is unknown for a job with GPUs
     * @param toGo          GPU-hours it will still use (0 when unknown)
     * @param teamRemaining what the team has left in the window now; null without a budget
     * @param warning       a sentence when the job is projected to exhaust the budget, else null
     */
    public record Projection(double used, Double projected, double toGo, Double teamRemaining, String warning) {
        public boolean overBudget() {
            return warning != null;
        }
    }

    private GpuHourProjection() {
    }

    public static Projection project(String team, double used, int gpus, Instant finishEta, Instant now,
                                     Budget budget, double teamUsedInWindow) {
        double toGo = gpus <= 0 || finishEta == null || !finishEta.isAfter(now) ? 0
                : gpus * Duration.between(now, finishEta).toMillis() / 3_600_000.0;
        Double projected = gpus > 0 && finishEta == null ? null : used + toGo;
        if (budget == null) {
            return new Projection(used, projected, toGo, null, null);
        }
        double remaining = budget.gpuHours() - teamUsedInWindow;
        String warning = toGo > 0 && toGo > remaining + 1e-9
                ? "projected to use " + hours(toGo) + " more GPU-hours by its finish ETA ("
                        + StartEstimator.time(finishEta, now) + "), over the " + hours(Math.max(0, remaining))
                        + " team " + team + " has left of its " + hours(budget.gpuHours()) + " GPU-hour budget for the last "
                        + window(budget.windowHours())
                : null;
        return new Projection(used, projected, toGo, remaining, warning);
    }

    /** What to do about a job's warning now: raise it once, clear it when the projection is back under. */
    public enum Alarm {
        RAISE, CLEAR, KEEP;

        public static Alarm decide(boolean raisedBefore, Projection now) {
            if (now.overBudget() && !raisedBefore) {
                return RAISE;
            }
            if (!now.overBudget() && raisedBefore) {
                return CLEAR;
            }
            return KEEP;
        }
    }

    static String hours(double h) {
        return String.format(java.util.Locale.ROOT, "%.1f", h);
    }

    static String window(int hours) {
        return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day" : " days") : hours + " hours";
    }
}
