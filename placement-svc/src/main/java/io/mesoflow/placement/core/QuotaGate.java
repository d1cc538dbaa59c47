package io.mesoflow.placement.core;

/**
 * Whether a team's quota and GPU-hour budget let a job start now. The budget only holds back
 * jobs that need GPUs; a team at or over its budget waits until old usage leaves the window.
 */
public final class QuotaGate {
    private QuotaGate() {
    }

    /** Null when the job may be placed; otherwise why it waits, in words a person can act on. */
    public static String check(QueuedJob job, TeamQuota quota, TeamUsage usage) {
        return check(job, quota, usage, 0);
    }

    /**
     * As {@link #check(QueuedJob, TeamQuota, TeamUsage)}; a job its spent budget suspended waits
     * until at most {@code 1 - resumeHeadroom} of the budget is used, so it does not resume only to
     * be suspended again a moment later.
     */
    public static String check(QueuedJob job, TeamQuota quota, TeamUsage usage, double resumeHeadroom) {
        if (quota == null) {
            return null;
        }
        String team = "team " + job.team();
        if (job.gpus() > 0 && quota.gpuHoursBudget() != null && usage.gpuHours() >= quota.gpuHoursBudget()) {
            return team + " over GPU-hour budget: " + fmt(usage.gpuHours()) + " of " + fmt(quota.gpuHoursBudget())
                    + " h used in the last " + window(quota.window());
        }
        double resumeAt = quota.gpuHoursBudget() == null ? 0 : quota.gpuHoursBudget() * (1 - resumeHeadroom);
        if (job.budgetSuspended() && job.gpus() > 0 && quota.gpuHoursBudget() != null
                && usage.gpuHours() > resumeAt + 1e-9) {
            return team + " GPU-hour budget: suspended by the budget, resumes when the window frees budget: "
                    + fmt(usage.gpuHours()) + " of " + fmt(quota.gpuHoursBudget()) + " h used in the last "
                    + window(quota.window()) + ", resumes at " + fmt(resumeAt) + " h";
        }
        if (quota.gpus() != null && usage.gpus() + job.gpus() > quota.gpus()) {
            return over(team, "gpus", usage.gpus(), job.gpus(), quota.gpus());
        }
        if (quota.cpus() != null && usage.cpus() + job.cpus() > quota.cpus() + 1e-9) {
            return over(team, "cpus", usage.cpus(), job.cpus(), quota.cpus());
        }
        if (quota.memMb() != null && usage.memMb() + job.memMb() > quota.memMb() + 1e-9) {
            return over(team, "MB mem", usage.memMb(), job.memMb(), quota.memMb());
        }
        return null;
    }

    private static String over(String team, String what, double used, double needed, double limit) {
        return team + " quota: " + fmt(used) + " " + what + " in use + " + fmt(needed) + " needed > " + fmt(limit)
                + " allowed";
    }

    private static String window(java.time.Duration window) {
        if (window.toSeconds() % 3600 != 0) {
            return window.toSeconds() + " s";
        }
        int hours = (int) window.toHours();
        return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day" : " days") : hours + " hours";
    }

    static String fmt(double v) {
        return TaskDemand.fmt(v);
    }
}
