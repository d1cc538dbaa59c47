package io.mesoflow.monitor.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job's runtime picture: its spec revision, state, relaunches so far and the current attempt of every task. */
public record JobRecord(String jobId, int revision, JobSpec spec, JobState state, int relaunches,
                        Map<String, TaskRecord> tasks) {
    public JobRecord {
        tasks = new LinkedHashMap<>(tasks);
    }

    public JobRecord(String jobId, JobSpec spec, JobState state, int relaunches, Map<String, TaskRecord> tasks) {
        this(jobId, 1, spec, state, relaunches, tasks);
    }

    public JobRecord withState(JobState newState) {
        return new JobRecord(jobId, revision, spec, newState, relaunches, tasks);
    }

    public JobRecord withRelaunches(int count) {
        return new JobRecord(jobId, revision, spec, state, count, tasks);
    }

    public JobRecord withSpec(int newRevision, JobSpec newSpec, Map<String, TaskRecord> newTasks) {
        return new JobRecord(jobId, newRevision, newSpec, state, relaunches, newTasks);
    }

    public JobRecord withTask(TaskRecord task) {
        Map<String, TaskRecord> updated = new LinkedHashMap<>(tasks);
        updated.put(task.taskName(), task);
        return new JobRecord(jobId, revision, spec, state, relaunches, updated);
    }

    /** How many relaunches the job may still make ({@code backoffLimit} counts every relaunch of any task). */
    public int relaunchesLeft() {
        int limit = spec.backoffLimit() == null ? 6 : spec.backoffLimit();
        return limit - relaunches;
    }
}
