package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.service.JobDetails;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskName;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it; {@code tasks} holds the latest attempt of each task; {@code suspension}
 * its latest suspension (kept after a resume, with {@code resumedAt}), null when never suspended.
 */
public record JobView(String id, String name, String team, JobState state, String reason, Integer queuePosition,
                      int revision, String outputDir, Instant submittedAt, Instant updatedAt, Instant endedAt,
                      JsonNode spec, List<TaskView> tasks, Double cpuHours, Double gpuHours, String tensorboardUrl,
                      Long runSeconds, ProgressView progress, StartEtaView startEta,
                      SuspensionView suspension) {
    private static final String TENSORBOARD_TASK = new TaskName(Role.TENSORBOARD, 0).toString();

    static JobView of(JobEntity job, List<TaskView> tasks) {
        return of(job, tasks, null, null, null, null, null);
    }

    /**
     * A job's own page: the latest attempt of each task, usage over every attempt, run time, its
     * training progress (null before the first reading) and, while queued, its start ETA.
     */
    static JobView of(JobDetails details, ProgressView progress, StartEtaView startEta) {
        return of(details.job(), details.latestAttempts().stream().map(TaskView::of).toList(), details.cpuHours(),
                details.gpuHours(), details.firstStart(), progress, startEta);
    }

    /**
     * @param firstStart when the job's first task started running (its run time counts from there
     *                   to its end, or to now while it runs)
     */
    private static JobView of(JobEntity job, List<TaskView> tasks, Double cpuHours, Double gpuHours,
                              Instant firstStart, ProgressView progress, StartEtaView startEta) {
        JsonNode spec;
        try {
            spec = EventCodec.mapper().readTree(job.spec);
        } catch (Exception e) {
            spec = null;
        }
        return new JobView(job.id, job.name, job.team, job.state, job.reason, position(job, startEta), job.revision,
                job.outputDir, job.submittedAt, job.updatedAt, job.endedAt, spec, tasks, cpuHours, gpuHours,
                tensorboardUrl(tasks), firstStart == null ? null
                        : java.time.Duration.between(firstStart, job.endedAt != null ? job.endedAt : Instant.now())
                                .toSeconds(), progress, startEta, SuspensionView.of(job.suspension));
    }

    /**
     * Where the job's TensorBoard answers: only while its task runs and its port accepts connections
     * (not while it starts, nor after it was stopped; the attempt keeps its address).
     */
    static String tensorboardUrl(List<TaskView> tasks) {
        return tasks.stream().filter(t -> t.name().equals(TENSORBOARD_TASK) && t.isServing())
                .map(t -> "http://" + t.address()).findFirst().orElse(null);
    }

    /**
     * The queue position: the start estimate's, counted from job-api's view of the whole queue in
     * placement's order, where there is one; else the last one placement published (exact near the
     * head, coarser further back: docs/placement.md#reasons).
     */
    static Integer position(JobEntity job, StartEtaView startEta) {
        return startEta != null ? Integer.valueOf(startEta.position()) : job.queuePosition;
    }

    /** A job in a list: no spec, tasks or usage; its progress without scalars; its start ETA while queued. */
    static JobView summary(JobEntity job, ProgressView progress, StartEtaView startEta) {
        return new JobView(job.id, job.name, job.team, job.state, job.reason, position(job, startEta), job.revision,
                job.outputDir, job.submittedAt, job.updatedAt, job.endedAt, null, null, null, null, null, null,
                progress, startEta, SuspensionView.of(job.suspension));
    }
}
