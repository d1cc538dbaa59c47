package io.mesoflow.launcher.store;

import io.mesoflow.events.TaskStatusChanged;
import java.time.Duration;

/**
 * Fired (synchronously) by {@link StatusReporter} on the acting leader just before it publishes a
 * status that ends a task, so that what must reach consumers ahead of the end can be published first
 * (the job's final progress reading). An observer must not throw, and must not wait past
 * {@code deadline}: every ending of one run of statuses shares one deadline, so a run that ends many
 * tasks waits at most {@link #WAIT} in all, not that much per task.
 *
 * @param status   the terminal status about to be published
 * @param deadline the {@link System#nanoTime()} past which the status must not wait
 */
public record TaskEnding(TaskStatusChanged status, long deadline) {
    /** How long a run of statuses waits, at most, for what its endings publish first. */
    public static final Duration WAIT = Duration.ofSeconds(3);

    /** An ending with a deadline of its own ({@link #WAIT} from now). */
    public TaskEnding(TaskStatusChanged status) {
        this(status, System.nanoTime() + WAIT.toNanos());
    }

    /** How long an observer may still wait: zero once the deadline has passed. */
    public Duration left() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
