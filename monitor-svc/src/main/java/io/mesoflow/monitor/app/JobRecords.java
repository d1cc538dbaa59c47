package io.mesoflow.monitor.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.Suspension;
import io.mesoflow.monitor.core.JobRecord;
import io.mesoflow.monitor.core.SuspensionRecord;
import io.mesoflow.monitor.core.TaskRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
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
        Map<TaskName, Integer> fences = new LinkedHashMap<>();
        List<TaskRuntimeEntity> rows = TaskRuntimeEntity.list("jobId", jobId);
        rows.forEach(t -> {
            TaskName name = TaskName.parse(t.taskName);
            if (t.fenceAttempt != null) {
                fences.put(name, t.fenceAttempt);
            }
            tasks.put(name, new TaskRecord(name, t.attempt, t.taskId,
                    t.state == null ? null : TaskState.valueOf(t.state), t.agentId, t.exitCode, t.redeploy, t.address,
                    t.ready));
        });
        SuspensionRecord suspension = job.suspension == null ? null : new SuspensionRecord(
                EventCodec.fromJson(job.suspension, Suspension.class), job.suspensionReason, fences);
        return Optional.of(new JobRecord(jobId, job.revision, SPECS.of(job.spec),
                JobState.valueOf(job.state), job.relaunches, tasks, job.evaluatorGraceUntil != null, suspension));
    }

    /**
     * Writes what changed between {@code before} and {@code after}, {@code stateChanges} job states
     * said on the way. Returns the time stamp of the first of them: later than any earlier state
     * this job said, on whichever monitor instance (the row is locked), and one microsecond apart
     * for each further one, so readers can tell a status they read again from a newer one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant save(JobRecord before, JobRecord after, String reason, int stateChanges) {
        JobRuntimeEntity job = JobRuntimeEntity.findById(after.jobId());
        Instant now = Instant.now();
        Instant stamp = stampAfter(job.updatedAt, now); // for the statuses only: timers keep the clock
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
        saveSuspension(job, before, after, now);
        if (before.state() != after.state() || reason != null || stateChanges > 0) {
            job.state = after.state().name();
            job.reason = reason;
            job.updatedAt = stamp.plus(Math.max(0, stateChanges - 1), ChronoUnit.MICROS);
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
        if (!fences(before).equals(fences(after))) {
            after.tasks().keySet().forEach(name -> find(after.jobId(), name).fenceAttempt =
                    after.suspension() == null ? null : after.suspension().fence(name));
        }
        return stamp;
    }

    /** {@code now} to the microsecond, or just after {@code last} when a clock behind it says otherwise. */
    static Instant stampAfter(Instant last, Instant now) {
        Instant stamp = now.truncatedTo(ChronoUnit.MICROS);
        return last != null && !stamp.isAfter(last) ? last.plus(1, ChronoUnit.MICROS) : stamp;
    }

    /**
     * The suspension and its timers: kept while SUSPENDING or SUSPENDED; the deadline is pushed back by
     * the time the job spent suspended when its resumed run starts.
     */
    private static void saveSuspension(JobRuntimeEntity job, JobRecord before, JobRecord after, Instant now) {
        SuspensionRecord suspension = after.suspension();
        job.suspension = suspension == null ? null : EventCodec.json(suspension.suspension());
        job.suspensionReason = suspension == null ? null : suspension.description();
        if (after.state() != JobState.SUSPENDING) {
            job.resendKillsAt = null;
        }
        if (after.suspended() && job.suspendedAt == null) {
            job.suspendedAt = now;
        } else if (!after.suspended() && job.suspendedAt != null) {
            if (job.deadlineAt != null && !after.state().isTerminal()) {
                job.deadlineAt = job.deadlineAt.plus(java.time.Duration.between(job.suspendedAt, now));
            }
            job.suspendedAt = null;
        }
    }

    private static Map<TaskName, Integer> fences(JobRecord job) {
        return job.suspension() == null ? Map.of() : job.suspension().fences();
    }

    /**
     * The tasks of {@code jobId} whose relaunch is due but not yet requested from placement, locked:
     * a relaunch the ticker is requesting right now is waited for, and then is no longer pending.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Set<TaskName> lockPendingRelaunches(String jobId) {
        List<String> names = TaskRuntimeEntity.getEntityManager().createNativeQuery(
                "SELECT task_name FROM task_runtime WHERE job_id = ?1 AND relaunch_due_at IS NOT NULL FOR UPDATE")
                .setParameter(1, jobId).getResultList();
        Set<TaskName> pending = new HashSet<>();
        names.forEach(n -> pending.add(TaskName.parse(n)));
        return pending;
    }

    /** A due relaunch is called off: it is never requested. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelRelaunch(String jobId, TaskName taskName) {
        TaskRuntimeEntity row = find(jobId, taskName);
        if (row != null) {
            row.relaunchDueAt = null;
            row.relaunchReason = null;
        }
    }

    /** A suspending job's kills are sent again at {@code at} unless its tasks all ended before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resendKillsAt(String jobId, Instant at) {
        JobRuntimeEntity job = JobRuntimeEntity.findById(jobId);
        job.resendKillsAt = at;
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
