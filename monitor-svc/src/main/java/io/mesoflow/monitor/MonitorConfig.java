package io.mesoflow.monitor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** monitor-svc settings. */
@ConfigMapping(prefix = "mesoflow.monitor")
public interface MonitorConfig {
    /** Wait before the first relaunch of a job; doubles with every relaunch of the job. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest wait before a relaunch. */
    @WithDefault("60s")
    Duration maxBackoff();

    /** Up to this fraction of the back-off is added at random, so relaunches do not move in step. */
    @WithDefault("0.2")
    double backoffJitter();

    /** A task still staging or starting after this long is killed and relaunched. */
    @WithDefault("5m")
    Duration stuckTimeout();

    /** How long a job's TensorBoard stays up after the job ended. */
    @WithDefault("10m")
    Duration tensorboardLinger();

    /**
     * How long a running evaluator is kept after training finished (the chief, or under
     * {@code AllWorkers} the last trainer, exited 0) to score the final checkpoint; the job stays
     * RUNNING meanwhile and SUCCEEDED when the evaluator ends or the grace runs out. {@code 0s}: the
     * evaluator is killed with the rest at once.
     */
    @WithDefault("60s")
    Duration evaluatorGrace();

    /** Suspensions (docs/suspend-and-preemption.md). */
    Suspend suspend();

    /** How often due relaunches, deadlines, stuck tasks and evaluator graces are checked. */
    @WithDefault("250ms")
    Duration tickInterval();

    interface Suspend {
        /**
         * SIGTERM and the preemption notice to SIGKILL when neither the suspend request nor the job's
         * spec ({@code gracePeriodSeconds}) says; {@code 0s}: SIGKILL right after SIGTERM.
         */
        @WithDefault("30s")
        Duration gracePeriod();

        /** A suspending job whose tasks did not all end this long after the grace gets its kills again. */
        @WithDefault("60s")
        Duration killTimeout();
    }
}
