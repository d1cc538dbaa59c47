package io.mesoflow.monitor.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.TaskName;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's runtime picture: its spec revision, state, relaunches so far and the current attempt of
 * every task, in task order (chief first), so decisions and their reasons list tasks the same way
 * however they were loaded. {@code awaitingEvaluator}: training finished and the job, still
 * RUNNING, gives its evaluator a grace to score the final checkpoint ({@link EvaluatorGrace}).
 * {@code suspension}: while SUSPENDING or SUSPENDED, why and each task's fence ({@link JobSuspender});
 * null otherwise.
 */
public record JobRecord(String jobId, int revision, JobSpec spec, JobState state, int relaunches,
                        Map<TaskName, TaskRecord> tasks, boolean awaitingEvaluator, SuspensionRecord suspension) {
    public JobRecord {
        tasks = new TreeMap<>(tasks);
    }

    public JobRecord(String jobId, int revision, JobSpec spec, JobState state, int relaunches,
                     Map<TaskName, TaskRecord> tasks, boolean awaitingEvaluator) {
        this(jobId, revision, spec, state, relaunches, tasks, awaitingEvaluator, null);
    }

    public JobRecord(String jobId, int revision, JobSpec spec, JobState state, int relaunches,
                     Map<TaskName, TaskRecord> tasks) {
        this(jobId, revision, spec, state, relaunches, tasks, false);
    }

    public JobRecord(String jobId, JobSpec spec, JobState state, int relaunches, Map<TaskName, TaskRecord> tasks) {
        this(jobId, 1, spec, state, relaunches, tasks, false);
    }

    public JobRecord withState(JobState newState) {
        return new JobRecord(jobId, revision, spec, newState, relaunches, tasks, awaitingEvaluator, suspension);
    }

    public JobRecord withRelaunches(int count) {
        return new JobRecord(jobId, revision, spec, state, count, tasks, awaitingEvaluator, suspension);
    }

    public JobRecord withSpec(int newRevision, JobSpec newSpec, Map<TaskName, TaskRecord> newTasks) {
        return new JobRecord(jobId, newRevision, newSpec, state, relaunches, newTasks, awaitingEvaluator, suspension);
    }

    public JobRecord withAwaitingEvaluator(boolean awaiting) {
        return new JobRecord(jobId, revision, spec, state, relaunches, tasks, awaiting, suspension);
    }

    public JobRecord withTask(TaskRecord task) {
        Map<TaskName, TaskRecord> updated = new TreeMap<>(tasks);
        updated.put(task.name(), task);
        return new JobRecord(jobId, revision, spec, state, relaunches, updated, awaitingEvaluator, suspension);
    }

    public JobRecord withSuspension(SuspensionRecord newSuspension) {
        return new JobRecord(jobId, revision, spec, state, relaunches, tasks, awaitingEvaluator, newSuspension);
    }

    /** SUSPENDING or SUSPENDED. */
    public boolean suspended() {
        return state == JobState.SUSPENDING || state == JobState.SUSPENDED;
    }

    /** How many relaunches the job may still make ({@code backoffLimit} counts every relaunch of any task). */
    public int relaunchesLeft() {
        return spec.effectiveBackoffLimit() - relaunches;
    }
}
