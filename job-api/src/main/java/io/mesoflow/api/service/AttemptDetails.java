package io.mesoflow.api.service;

import io.mesoflow.api.model.TaskAttemptEntity;

/**
 * One task attempt with what placement gave it.
 *
 * @param tfConfig the attempt's TF_CONFIG as JSON; null for an attempt that got none (TensorBoard)
 *                 or whose placement job-api has not seen
 */
public record AttemptDetails(TaskAttemptEntity attempt, String tfConfig) {
}
