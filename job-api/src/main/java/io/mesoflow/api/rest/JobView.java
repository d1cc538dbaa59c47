package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import java.time.Instant;
import java.util.List;

/** A job as the API shows it; {@code tasks} holds the latest attempt of each task. */
public record JobView(String id, String name, String team, JobState state, String reason, Integer queuePosition,
                      int revision, String outputDir, Instant submittedAt, Instant updatedAt, Instant endedAt,
                      JsonNode spec, List<TaskView> tasks, Double cpuHours, Double gpuHours, String tensorboardUrl,
                      Long runSeconds) {
    static JobView of(JobEntity job, List<TaskView> tasks) {
        return of(job, tasks, null, null, null);
    }

    /** With the job's usage, summed over every attempt of every task. */
    /**
     * @param firstStart when the job's first task started running (its run time counts from there
     *                   to its end, or to now while it runs)
     */
    static JobView of(JobEntity job, List<TaskView> tasks, Double cpuHours, Double gpuHours, Instant firstStart) {
        JsonNode spec;
        try {
            spec = EventCodec.mapper().readTree(job.spec);
        } catch (Exception e) {
            spec = null;
        }
        return new JobView(job.id, job.name, job.team, job.state, job.reason, job.queuePosition, job.revision,
                job.outputDir, job.submittedAt, job.updatedAt, job.endedAt, spec, tasks, cpuHours, gpuHours,
                tensorboardUrl(tasks), firstStart == null ? null
                        : java.time.Duration.between(firstStart, job.endedAt != null ? job.endedAt : Instant.now())
                                .toSeconds());
    }

    private static String tensorboardUrl(List<TaskView> tasks) {
        return tasks.stream().filter(t -> t.name().equals("tensorboard-0") && t.address() != null)
                .map(t -> "http://" + t.address()).findFirst().orElse(null);
    }

    static JobView summary(JobEntity job) {
        return new JobView(job.id, job.name, job.team, job.state, job.reason, job.queuePosition, job.revision,
                job.outputDir, job.submittedAt, job.updatedAt, job.endedAt, null, null, null, null, null, null);
    }
}
