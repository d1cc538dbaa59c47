package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobConfigChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.placement.model.HeldOfferEntity;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.placement.model.PendingRelaunchEntity;
import io.mesoflow.placement.model.PlacedTaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Records jobs and offers idempotently; says whether anything changed that placement should act on. */
@ApplicationScoped
public class PlacementState {
    @jakarta.inject.Inject
    KnownAgents knownAgents;

    @jakarta.inject.Inject
    SuspensionBook suspensions;

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(MesoflowEvent event) {
        if (event instanceof JobSubmitted submitted) {
            return recordJob(submitted);
        }
        if (event instanceof JobConfigChanged change) {
            return recordRevision(change);
        }
        if (event instanceof io.mesoflow.events.JobSuspendRequested suspend) {
            return suspensions.requested(suspend);
        }
        if (event instanceof io.mesoflow.events.JobResumeRequested resume) {
            return suspensions.resumed(resume);
        }
        if (event instanceof io.mesoflow.events.JobProgress progress) {
            return suspensions.progressed(progress);
        }
        if (event instanceof io.mesoflow.events.JobStatusChanged status
                && status.state() == io.mesoflow.events.JobState.SUSPENDED) {
            return suspensions.suspended(status);
        }
        if (event instanceof JobCancelRequested cancel) {
            PendingJobEntity job = PendingJobEntity.findById(cancel.jobId());
            if (job != null && (PendingJobEntity.PENDING.equals(job.status)
                    || PendingJobEntity.SUSPENDED.equals(job.status))) {
                job.status = PendingJobEntity.CANCELLED;
            }
            return false;
        }
        if (event instanceof OfferMade offer) {
            return recordOffer(offer);
        }
        if (event instanceof RelaunchTaskRequested relaunch) {
            return recordRelaunch(relaunch);
        }
        if (event instanceof io.mesoflow.events.TeamQuotaChanged quota) {
            return recordQuota(quota);
        }
        if (event instanceof io.mesoflow.events.TaskStatusChanged status) {
            return recordStatus(status);
        }
        if (event instanceof io.mesoflow.events.JobStatusChanged status && status.state().isTerminal()) {
            return recordEnd(status);
        }
        if (event instanceof OfferRescinded rescinded) {
            HeldOfferEntity offer = HeldOfferEntity.findById(rescinded.offerId());
            if (offer == null) {
                HeldOfferEntity.received(rescinded.offerId(), rescinded.agentId(), "{}", HeldOfferEntity.RESCINDED)
                        .persist();
            } else if (HeldOfferEntity.HELD.equals(offer.status)) {
                offer.status = HeldOfferEntity.RESCINDED;
            }
            return false;
        }
        return false;
    }

    /**
     * A job ended (monitor's verdict): a relaunch still pending for it is dropped, and one that comes
     * later (control and job status are separate topics) is dropped by the pass, so no task of an
     * ended job is launched again; a job still queued leaves the queue.
     */
    private boolean recordEnd(io.mesoflow.events.JobStatusChanged status) {
        PendingRelaunchEntity.<PendingRelaunchEntity>list("jobId = ?1 and status = ?2", status.jobId(),
                PendingRelaunchEntity.PENDING).forEach(r -> {
                    r.status = PendingRelaunchEntity.DROPPED;
                    r.lastReason = "the job ended: " + status.state();
                });
        PendingJobEntity job = PendingJobEntity.findById(status.jobId());
        if (job != null) {
            job.status = PendingJobEntity.ENDED;
        }
        SuspensionBook.ended(status.jobId(), status.timestamp());
        return false;
    }

    private boolean recordJob(JobSubmitted submitted) {
        if (PendingJobEntity.findById(submitted.jobId()) != null) {
            return false;
        }
        PendingJobEntity.pending(submitted).persist();
        return true;
    }

    /** A newer revision replaces the spec; tasks it removes leave the job's cluster addresses. */
    private boolean recordRevision(JobConfigChanged change) {
        PendingJobEntity job = PendingJobEntity.findById(change.jobId());
        if (job == null || change.revision() <= job.revision) {
            return false;
        }
        job.revision = change.revision();
        job.spec = EventCodec.json(change.spec());
        java.util.Set<String> tasks = io.mesoflow.events.TaskLayout.tasksOf(change.spec()).stream()
                .map(Object::toString).collect(java.util.stream.Collectors.toSet());
        PlacedTaskEntity.<PlacedTaskEntity>list("jobId", change.jobId()).stream()
                .filter(t -> !tasks.contains(t.taskName))
                .forEach(PlacedTaskEntity::delete);
        return true;
    }

    private boolean recordRelaunch(RelaunchTaskRequested request) {
        if (PendingRelaunchEntity.findById(new PendingRelaunchEntity.Key(request.jobId(), request.taskName(),
                request.attempt())) != null) {
            return false;
        }
        PendingRelaunchEntity.pending(request).persist();
        return true;
    }

    private boolean recordOffer(OfferMade offer) {
        if (HeldOfferEntity.findById(offer.offerId()) != null) {
            return false;
        }
        knownAgents.offered(HeldOffers.withOthersHeld(offer)); // the agent's size: all its offers held at once
        HeldOfferEntity.received(offer.offerId(), offer.agentId(), EventCodec.json(offer), HeldOfferEntity.HELD)
                .persist();
        return true;
    }

    private boolean recordQuota(io.mesoflow.events.TeamQuotaChanged change) {
        io.mesoflow.placement.model.TeamQuotaEntity quota = io.mesoflow.placement.model.TeamQuotaEntity.findById(change.team());
        if (quota != null && quota.changedAt.isAfter(change.changedAt())) {
            return false;
        }
        if (quota == null) {
            quota = new io.mesoflow.placement.model.TeamQuotaEntity();
            quota.team = change.team();
        }
        quota.apply(change);
        quota.persist();
        return true;
    }

    /**
     * A GPU attempt that runs opens a GPU interval; an attempt that ends closes it and stops
     * counting against its team's quota (a pass then runs: a waiting job may now be allowed).
     * Recorded without the pass lock ({@link io.mesoflow.placement.core.EventRelevance#needsPassLock}):
     * the interval is inserted, and each end is one conditional UPDATE (PostgreSQL checks its
     * condition again after waiting for a row a pass holds), so an end never overwrites a newer
     * attempt a pass placed on the task's row meanwhile, and a pass that read the row before
     * sees the task hold its resources until the pass this end asks for.
     */
    private boolean recordStatus(io.mesoflow.events.TaskStatusChanged status) {
        var key = new io.mesoflow.placement.model.GpuIntervalEntity.Key(status.jobId(), status.taskName(), status.attempt());
        if (status.state() == io.mesoflow.events.TaskState.RUNNING && status.resources() != null
                && status.resources().gpus() > 0
                && io.mesoflow.placement.model.GpuIntervalEntity.findById(key) == null) {
            PendingJobEntity job = PendingJobEntity.findById(status.jobId());
            io.mesoflow.placement.model.GpuIntervalEntity.opened(status, job == null ? "default" : job.team).persist();
            return false;
        }
        if (!status.state().isTerminal()) {
            return false;
        }
        io.mesoflow.placement.model.GpuIntervalEntity.update("endedAt = ?1 where jobId = ?2 and taskName = ?3 "
                + "and attempt = ?4 and endedAt is null", status.timestamp(), status.jobId(), status.taskName(),
                status.attempt());
        return PlacedTaskEntity.update("endedAt = ?1 where jobId = ?2 and taskName = ?3 and attempt = ?4 "
                + "and endedAt is null", status.timestamp(), status.jobId(), status.taskName(), status.attempt()) > 0;
    }
}
