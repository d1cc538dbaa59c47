package io.mesoflow.monitor.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobConfigChanged;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.monitor.core.ConfigRollout;
import io.mesoflow.monitor.core.JobRecord;
import io.mesoflow.monitor.core.JobSupervisor;
import io.mesoflow.monitor.core.JobSuspender;
import io.mesoflow.service.EventInbox;
import io.mesoflow.service.OrderedLocks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Kafka in: jobs (submit, config change, suspend, cancel; a resume needs nothing here) and task
 * status. Each event is decided by {@link JobSupervisor} or {@link JobSuspender} on the job's
 * locked runtime picture; the new picture and the resulting events (kills, job states) are written
 * in one transaction through the outbox, so a crash never loses or doubles a decision.
 */
@ApplicationScoped
public class MonitorEvents {
    private static final Logger LOG = Logger.getLogger(MonitorEvents.class);

    @Inject
    EventInbox inbox;

    @Inject
    JobRecords records;

    @Inject
    OutcomeApplier applier;

    @Inject
    UsageRecorder usage;

    @Inject
    EventCodec codec;

    @Inject
    jakarta.persistence.EntityManager entityManager;

    @Incoming("jobs")
    @Blocking
    public CompletionStage<Void> onJob(Message<String> message) {
        return inbox.inTransaction(message, this::handle);
    }

    /**
     * Task statuses come in batches (a poll's worth; {@code batch=true} on the channel): a job's six
     * STAGING and six RUNNING statuses are folded in one transaction, not one each.
     */
    @Incoming("task-status")
    @Blocking
    public CompletionStage<Void> onTaskStatuses(KafkaRecordBatch<String, String> batch) {
        return inbox.inOneTransaction(batch, batch.getRecords(), this::lockJobs, this::handle);
    }

    /**
     * Takes the batch's jobs' locks up front in one order, so two batches never wait on each other in
     * a cycle. The ticker locks rows in its own order: should it and a batch ever deadlock, PostgreSQL
     * aborts one; the batch is then handled record by record and the ticker tries again next tick.
     */
    void lockJobs(List<MesoflowEvent> events) {
        OrderedLocks.lockKeys(entityManager, "monitor-job", events.stream()
                .filter(e -> e instanceof JobSubmitted || e instanceof TaskStatusChanged).toList());
    }

    void handle(MesoflowEvent event) {
        if (event instanceof JobSubmitted || event instanceof TaskStatusChanged) {
            lockJob(event.key());
        }
        if (event instanceof JobSubmitted submitted) {
            if (records.create(submitted.jobId(), submitted.revision(), submitted.spec())) {
                replayParked(submitted.jobId());
            }
        } else if (event instanceof JobConfigChanged change) {
            records.lock(change.jobId()).ifPresent(job ->
                    applier.apply(job, ConfigRollout.plan(job, change.revision(), change.spec())));
        } else if (event instanceof JobSuspendRequested suspend) {
            records.lock(suspend.jobId()).ifPresent(job -> applier.apply(job, JobSuspender.suspend(job, suspend,
                    records.lockPendingRelaunches(suspend.jobId()), applier.suspendSettings())));
        } else if (event instanceof JobResumeRequested resume) {
            LOG.debugf("job %s resume requested: placement re-queues it; its first status of a new attempt "
                    + "resumes it here", resume.jobId());
        } else if (event instanceof JobCancelRequested cancel) {
            records.lock(cancel.jobId()).ifPresent(job -> applier.apply(job, JobSupervisor.cancel(job, cancel.reason())));
        } else if (event instanceof TaskStatusChanged status) {
            Optional<JobRecord> job = records.lock(status.jobId());
            if (job.isEmpty()) {
                park(status);
                return;
            }
            applier.apply(job.get(), JobSupervisor.onTaskStatus(job.get(), status, applier.restartSettings(),
                    applier.evaluatorGrace()));
            usage.record(status, job.get().spec().team());
        }
    }

    /**
     * Serializes a job's arrival with its statuses: jobs and task-status are different topics, so
     * two instances (or two consumers of one) may handle them at once. Without this lock a status
     * parked while the job's row was being created could commit after the job replayed the parked
     * ones, and stay parked for ever (found by the chaos suite).
     */
    private void lockJob(String jobId) {
        OrderedLocks.lock(entityManager, "monitor-job", jobId);
    }

    private void park(TaskStatusChanged status) {
        LOG.debugf("status of %s came before its job; parked", status.taskId());
        ParkedStatusEntity parked = new ParkedStatusEntity();
        parked.jobId = status.jobId();
        parked.payload = codec.encode(status);
        parked.parkedAt = Instant.now();
        parked.persist();
    }

    private void replayParked(String jobId) {
        java.util.List<ParkedStatusEntity> parked = ParkedStatusEntity.list("jobId = ?1 order by id", jobId);
        for (ParkedStatusEntity p : parked) {
            handle(EventCodec.decode(p.payload));
            p.delete();
        }
    }
}
