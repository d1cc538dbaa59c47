package io.mesoflow.launcher.store;

import io.mesoflow.events.TaskStatusChanged;

/**
 * Fired (synchronously) by {@link StatusReporter} on the acting leader just before it publishes a
 * status that ends a task, so that what must reach consumers ahead of the end can be published first
 * (the job's final progress reading). An observer must not throw, and should return within seconds:
 * the status waits for it.
 *
 * @param status the terminal status about to be published
 */
public record TaskEnding(TaskStatusChanged status) {
}
