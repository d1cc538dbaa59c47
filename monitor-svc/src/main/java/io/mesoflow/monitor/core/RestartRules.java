package io.mesoflow.monitor.core;

import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.TaskState;
import java.time.Duration;

/**
 * Whether an ended task attempt is relaunched, by its role's restart policy:
 * <ul>
 *   <li>{@code Never}: never.</li>
 *   <li>{@code OnFailure} (default): when it did not finish with exit code 0.</li>
 *   <li>{@code ExitCode}: when the failure is retryable: exit code 128 and above (killed by a
 *       signal), or a failure on the cluster's side (lost, error, killed by the cluster, no exit
 *       code). Exit codes 1-127 are the program's own verdict and permanent.</li>
 *   <li>{@code Always}: whenever it ends, even with exit code 0.</li>
 * </ul>
 * An attempt that ends in {@code ERROR} (Mesos {@code TASK_ERROR}: the task description is wrong,
 * e.g. a secret it names does not exist) is never relaunched under any policy: the next attempt would fail the same way. Nor, under
 * {@code OnFailure}, is an exit code of 126 or 127: the shell could not execute or find the entry
 * point, and retrying only spends the job's relaunches.
 * Back-off: {@code initial * 2^relaunches}, capped at {@code max}, plus up to {@code jitter} of it.
 */
public final class RestartRules {
    private RestartRules() {
    }

    public static boolean shouldRelaunch(RestartPolicy policy, TaskState state, Integer exitCode) {
        if (state == TaskState.ERROR) {
            return false;
        }
        boolean success = state == TaskState.FINISHED && (exitCode == null || exitCode == 0);
        return switch (policy) {
            case NEVER -> false;
            case ALWAYS -> true;
            case EXIT_CODE -> !success && isRetryable(state, exitCode);
            case ON_FAILURE -> !success && !cannotRun(exitCode);
        };
    }

    /** The shell's own verdict that the command cannot run: 126 (not executable), 127 (not found). */
    static boolean cannotRun(Integer exitCode) {
        return exitCode != null && (exitCode == 126 || exitCode == 127);
    }

    /** A failure worth retrying: the cluster's doing or a signal, not the program's own exit code. */
    public static boolean isRetryable(TaskState state, Integer exitCode) {
        if (state == TaskState.LOST) {
            return true;
        }
        if (state == TaskState.ERROR) {
            return false;
        }
        return exitCode == null || exitCode >= 128;
    }

    /** The wait before relaunch number {@code relaunches + 1}; {@code random} in [0, 1). */
    public static Duration backoff(Duration initial, Duration max, double jitter, int relaunches, double random) {
        double base = initial.toMillis() * Math.pow(2, Math.min(relaunches, 30));
        double capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(Math.round(capped * (1 + jitter * random)));
    }
}
