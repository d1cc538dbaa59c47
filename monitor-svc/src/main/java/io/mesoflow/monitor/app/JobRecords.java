package io.mesoflow.monitor.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.monitor.core.JobRecord;
import io.mesoflow.monitor.core.TaskRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads and saves {@link JobRecord}s; a loaded job is row-locked until the transaction ends. Task
 * names are text in the tables and {@link TaskName}s from here on.
 */
@ApplicationScoped
public class JobRecords {
    /** Each status locks its job's record: the spec's text is decoded once, not per status. */
    private static final io.mesoflow.service.DecodedJson<JobSpec> SPECS = new io.mesoflow.service.DecodedJson<>(
            JobSpec.class, 1024);

    /** Creates the runtime picture of a new job (every task at attempt 0); false if it exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean create(String jobId, int revision, JobSpec spec) {
        if (JobRuntimeEntity.findById(jobId) != null) {
            return false;
        }
        Instant now = Instant.now();
        JobRuntimeEntity job = new JobRuntimeEntity();
        job.jobId = jobId;
        job.revision = revision;
        job.spec = EventCodec.json(spec);
        job.state = JobState.SUBMITTED.name();
        job.updatedAt = now;
        job.persist();
        TaskLayout.tasksOf(spec).forEach(name -> {
            TaskRuntimeEntity task = new TaskRuntimeEntity();
            task.jobId = jobId;
            task.taskName = name.toString();
            task.attempt = 0;
            task.taskId = TaskLayout.taskId(jobId, name.toString(), 0);
            task.updatedAt = now;
            task.persist();
        });
        return true;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<JobRecord> lock(String jobId) {
        JobRuntimeEntity job = JobRuntimeEntity.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            return Optional.empty();
        }
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        List<TaskRuntimeEntity> rows = TaskRuntimeEntity.list("jobId", jobId);
        rows.forEach(t -> {
            TaskName name = TaskName.parse(t.taskName);
            tasks.put(name, new TaskRecord(name, t.attempt, t.taskId,
                    t.state == null ? null : TaskState.valueOf(t.state), t.agentId, t.exitCode, t.redeploy, t.address,
                    t.ready));
        });
        return Optional.of(new JobRecord(jobId, job.revision, SPECS.of(job.spec),
                JobState.valueOf(job.state), job.relaunches, tasks, job.evaluatorGraceUntil != null));
    }

    /** Writes what changed between {@code before} and {@code after}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(JobRecord before, JobRecord after, String reason) {
        Instant now = Instant.now();
        JobRuntimeEntity job = JobRuntimeEntity.findById(after.jobId());
        job.relaunches = after.relaunches();
        if (after.revision() != before.revision()) {
            job.revision = after.revision();
            job.spec = EventCodec.json(after.spec());
        }
        before.tasks().keySet().stream().filter(name -> !after.tasks().containsKey(name))
                .forEach(name -> TaskRuntimeEntity.delete("jobId = ?1 and taskName = ?2", after.jobId(),
                        name.toString()));
        if (!after.awaitingEvaluator()) {
            job.evaluatorGraceUntil = null;
        }
        if (before.state() != after.state() || reason != null) {
            job.state = after.state().name();
            job.reason = reason;
            job.updatedAt = now;
            Long deadline = after.spec().activeDeadlineSeconds();
            if (after.state() == JobState.LAUNCHING && deadline != null && job.deadlineAt == null) {
                job.deadlineAt = now.plusSeconds(deadline);
            }
        }
        after.tasks().forEach((name, task) -> {
            if (!task.equals(before.tasks().get(name))) {
                TaskRuntimeEntity row = find(after.jobId(), name);
                boolean added = row == null;
                if (added) {
                    row = new TaskRuntimeEntity();
                    row.jobId = after.jobId();
                    row.taskName = name.toString();
                }
                row.update(task, now);
                TaskRecord previous = before.tasks().get(name);
                if (previous != null && task.attempt() != previous.attempt()) {
                    row.relaunchDueAt = null;
                }
                if (added) {
                    row.persist();
                }
            }
        });
    }

    /** Marks a task's new attempt as due for relaunch at {@code dueAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void relaunchDue(String jobId, TaskName taskName, Instant dueAt, String reason) {
        TaskRuntimeEntity row = find(jobId, taskName);
        row.relaunchDueAt = dueAt;
        row.relaunchReason = reason;
    }

    /** Training finished: the job's evaluator is stopped at {@code until} unless it ends before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluatorGraceUntil(String jobId, Instant until) {
        JobRuntimeEntity job = JobRuntimeEntity.findById(jobId);
        job.evaluatorGraceUntil = until;
    }

    /** Schedules a kill of a task at {@code dueAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void killDue(String jobId, TaskName taskName, Instant dueAt) {
        TaskRuntimeEntity row = find(jobId, taskName);
        row.killDueAt = dueAt;
    }

    private static TaskRuntimeEntity find(String jobId, TaskName taskName) {
        return TaskRuntimeEntity.find("jobId = ?1 and taskName = ?2", jobId, taskName.toString()).firstResult();
    }
}
