package io.mesoflow.api.service;

import io.mesoflow.api.model.JobEntity;
import java.time.Instant;
import java.util.List;

/**
 * A job with what its own page shows of its tasks.
 *
 * @param latestAttempts the latest attempt of each task, in task order (chief, ps, workers, ... by index), with
 *                       its TF_CONFIG
 * @param cpuHours       summed over every attempt of every task
 * @param gpuHours       likewise
 * @param firstStart     when the job's first task started running; null while none has
 */
public record JobDetails(JobEntity job, List<AttemptDetails> latestAttempts, double cpuHours, double gpuHours,
                         Instant firstStart) {
}
