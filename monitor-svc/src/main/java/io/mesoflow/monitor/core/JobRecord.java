package io.mesoflow.monitor.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job's runtime picture: its spec, state and the current attempt of every task. */
public record JobRecord(String jobId, JobSpec spec, JobState state, Map<String, TaskRecord> tasks) {
    public JobRecord {
        tasks = new LinkedHashMap<>(tasks);
    }

    public JobRecord withState(JobState newState) {
        return new JobRecord(jobId, spec, newState, tasks);
    }

    public JobRecord withTask(TaskRecord task) {
        Map<String, TaskRecord> updated = new LinkedHashMap<>(tasks);
        updated.put(task.taskName(), task);
        return new JobRecord(jobId, spec, state, updated);
    }
}
