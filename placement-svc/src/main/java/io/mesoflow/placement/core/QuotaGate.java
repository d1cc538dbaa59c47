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
        if (quota == null) {
            return null;
        }
        String team = "team " + job.team();
        if (job.gpus() > 0 && quota.gpuHoursBudget() != null && usage.gpuHours() >= quota.gpuHoursBudget()) {
            return team + " over GPU-hour budget: " + fmt(usage.gpuHours()) + " of " + fmt(quota.gpuHoursBudget())
                    + " h used in the last " + window(quota.windowHours());
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

    private static String window(int hours) {
        return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day" : " days") : hours + " hours";
    }

    static String fmt(double v) {
        return TaskDemand.fmt(v);
    }
}
