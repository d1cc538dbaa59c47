package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.Suspension;
import io.mesoflow.placement.model.GpuIntervalEntity;
import io.mesoflow.placement.model.JobCheckpointEntity;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.placement.model.PendingRelaunchEntity;
import io.mesoflow.placement.model.PlacedTaskEntity;
import io.mesoflow.placement.model.PreemptionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Suspensions as placement records them (docs/suspend-and-preemption.md): a suspend request marks
 * the job (a queued one leaves the queue) and drops its pending relaunches; SUSPENDED frees what it
 * held and puts a preempted or budget-suspended job back in the queue (its submit time, so its
 * place, kept); a user's resume does the same for a job a user suspended. Also each job's latest
 * checkpoint, for what a preemption would lose. Each method says whether a pass should run.
 */
@ApplicationScoped
public class SuspensionBook {

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean requested(JobSuspendRequested request) {
        PendingJobEntity job = PendingJobEntity.findById(request.jobId());
        if (job == null || PendingJobEntity.ENDED.equals(job.status) || PendingJobEntity.CANCELLED.equals(job.status)
                || (job.suspendRequestedAt != null && !request.requestedAt().truncatedTo(ChronoUnit.MICROS)
                        .isAfter(job.suspendRequestedAt))) {
            return false;
        }
        if (request.suspension().resumesByItself() && job.placedAt != null
                && request.requestedAt().isBefore(job.placedAt)) {
            return false; // placement's own request read back after the job was resumed and placed again
        }
        mark(job, request.suspension(), request.requestedAt());
        if (PendingJobEntity.PENDING.equals(job.status)) {
            job.status = PendingJobEntity.SUSPENDED;
            job.requeued = false;
            return true;
        }
        return false;
    }

    /** Records the suspension on the job's row and drops its pending relaunches. */
    static void mark(PendingJobEntity job, Suspension suspension, Instant at) {
        job.suspendCause = suspension.cause().wireName();
        job.suspendRequestedBy = suspension.requestedBy();
        job.suspendRequestedAt = at;
        job.suspension = EventCodec.json(suspension);
        dropRelaunches(job.jobId, "the job is being suspended");
    }

    static void dropRelaunches(String jobId, String why) {
        PendingRelaunchEntity.<PendingRelaunchEntity>list("jobId = ?1 and status = ?2", jobId,
                PendingRelaunchEntity.PENDING).forEach(r -> {
                    r.status = PendingRelaunchEntity.DROPPED;
                    r.lastReason = why;
                });
    }

    /** Every task ended: the job holds nothing; back in the queue if it resumes by itself. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean suspended(JobStatusChanged status) {
        PendingJobEntity job = PendingJobEntity.findById(status.jobId());
        if (job == null || PendingJobEntity.ENDED.equals(job.status) || PendingJobEntity.CANCELLED.equals(job.status)) {
            return false;
        }
        Instant at = status.timestamp().truncatedTo(ChronoUnit.MICROS);
        if (job.lastSuspendedAt != null && !at.isAfter(job.lastSuspendedAt)) {
            return false; // handled already (read again after a rebalance): the job may run again by now
        }
        job.lastSuspendedAt = at;
        keepFences(job.jobId, status.fencedAttempts());
        PlacedTaskEntity.update("endedAt = ?1 where jobId = ?2 and endedAt is null", at, job.jobId);
        GpuIntervalEntity.update("endedAt = ?1 where jobId = ?2 and endedAt is null", at, job.jobId);
        PreemptionEntity.update("suspendedAt = ?1 where victimJobId = ?2 and suspendedAt is null", at, job.jobId);
        dropRelaunches(job.jobId, "the job is suspended");
        Suspension suspension = status.suspension() != null ? status.suspension()
                : job.suspension != null ? EventCodec.fromJson(job.suspension, Suspension.class) : null;
        boolean known = job.suspendRequestedAt != null;
        if (PendingJobEntity.PENDING.equals(job.status) && known && !usersOverAutomatic(job, status.suspension())) {
            return false; // already back in the queue (re-queued, or resumed)
        }
        if (suspension != null && !known) {
            mark(job, suspension, at); // the request travels on another topic and is not here yet
        } else if (suspension != null) {
            job.suspension = EventCodec.json(suspension);
            job.suspendCause = suspension.cause().wireName();
        }
        if (job.resumeRequestedAt != null && job.suspendRequestedAt != null
                && job.resumeRequestedAt.isAfter(job.suspendRequestedAt)) {
            job.status = PendingJobEntity.PENDING; // a user's resume came first: back in the queue now
            job.resumeRequestedAt = null;
            job.lastReason = null;
            job.lastPosition = null;
            return true;
        }
        if (suspension != null && suspension.resumesByItself()) {
            job.status = PendingJobEntity.PENDING;
            job.requeued = true;
            job.lastReason = null;
            job.lastPosition = null;
            return true;
        }
        job.status = PendingJobEntity.SUSPENDED;
        job.requeued = false;
        return false;
    }

    /**
     * A user's suspension of a job placement re-queued to resume by itself, placement not having
     * taken the user's request (it was stamped before placement's own): monitor made the suspension
     * the user's and says SUSPENDED again. A job placement had recorded the user's suspension for is
     * queued again by the user's resume, and the SUSPENDED it reads late changes nothing.
     */
    private static boolean usersOverAutomatic(PendingJobEntity job, Suspension status) {
        return status != null && !status.resumesByItself() && job.suspension != null
                && EventCodec.fromJson(job.suspension, Suspension.class).resumesByItself();
    }

    /**
     * monitor's fences on SUSPENDED: an attempt at or below one that starts is killed as the old run,
     * so each is kept as a dropped relaunch, which {@link ResumedAttempts} counts. Without this a
     * relaunch monitor asked for before the suspension, read here only after the job was placed
     * again, would leave the resumed attempts at the fence, and the job suspended for ever.
     */
    static void keepFences(String jobId, Map<String, Integer> fenced) {
        if (fenced != null) {
            fenced.forEach((task, attempt) -> {
                if (attempt >= 0 && PendingRelaunchEntity.findById(new PendingRelaunchEntity.Key(jobId, task,
                        attempt)) == null) {
                    PendingRelaunchEntity.fenced(jobId, task, attempt).persist();
                }
            });
        }
    }

    /**
     * A user's resume: a suspended job is queued again. One still suspending here (its SUSPENDED,
     * on another topic, is not here yet) is re-queued when SUSPENDED comes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean resumed(JobResumeRequested resume) {
        PendingJobEntity job = PendingJobEntity.findById(resume.jobId());
        if (job == null || PendingJobEntity.ENDED.equals(job.status) || PendingJobEntity.CANCELLED.equals(job.status)) {
            return false;
        }
        if (!PendingJobEntity.SUSPENDED.equals(job.status)) {
            if (job.suspendRequestedAt != null && resume.requestedAt().isAfter(job.suspendRequestedAt)) {
                job.resumeRequestedAt = resume.requestedAt().truncatedTo(ChronoUnit.MICROS);
            }
            return false;
        }
        job.status = PendingJobEntity.PENDING;
        job.lastReason = null;
        job.lastPosition = null;
        return true;
    }

    /** A victim that ends while suspending releases its preemptor's wait like a suspend. */
    static void ended(String jobId, Instant at) {
        PreemptionEntity.update("suspendedAt = ?1 where victimJobId = ?2 and suspendedAt is null", at, jobId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean progressed(JobProgress progress) {
        if (progress.checkpointAt() == null) {
            return false;
        }
        JobCheckpointEntity checkpoint = JobCheckpointEntity.findById(progress.jobId());
        if (checkpoint == null) {
            checkpoint = new JobCheckpointEntity();
            checkpoint.jobId = progress.jobId();
        } else if (!progress.checkpointAt().isAfter(checkpoint.checkpointAt)) {
            return false;
        }
        checkpoint.checkpointAt = progress.checkpointAt();
        checkpoint.checkpointStep = progress.checkpointStep();
        checkpoint.observedAt = progress.observedAt();
        checkpoint.persist();
        return false;
    }
}
