package io.mesoflow.placement;

import static io.mesoflow.placement.PreemptionAndBudgetIT.gpuJob;
import static io.mesoflow.placement.PreemptionAndBudgetIT.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Suspension statuses and requests that reach placement late, twice or out of order (they travel on
 * three topics), over real Kafka and PostgreSQL (docs/suspend-and-preemption.md). Each test lets a
 * status be handled before the offer that would show its effect ({@code SETTLE}): offers travel on
 * their own topic.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class SuspensionRacesIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final long SETTLE = 3000;
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    TasksPlaced placed(String jobId, int attempt) {
        return topics.awaitPlaced(p -> p.jobId().equals(jobId) && p.tasks().get(0).attempt() == attempt, WAIT);
    }

    void queuedWith(String jobId, String reasonPart) {
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class, s -> s.jobId().equals(jobId)
                && s.state() == JobState.QUEUED && s.reason() != null && s.reason().contains(reasonPart), WAIT);
    }

    /** The offer is declined (nothing here wants it) and {@code jobId} was placed {@code times} times. */
    void declinedWithPlacements(String offerId, String jobId, int times) {
        topics.await(Topics.CONTROL, DeclineOfferRequested.class, d -> d.offerId().equals(offerId), WAIT);
        assertThat(topics.readAll(Topics.PLACEMENTS, Duration.ofSeconds(1)))
                .filteredOn(t -> t.value().contains("\"" + jobId + "\"")).hasSize(times);
    }

    static final Suspension PREEMPTED = new Suspension(SuspendCause.PREEMPTION, "rep-high", null, null, null);
    static final Suspension BY_ALICE = new Suspension(SuspendCause.USER, "alice", null, null, null);

    /** A job of one worker with {@code gpus} GPUs (a count no other test offers), placed on the offer. */
    void submitAndPlace(String jobId, int gpus, String offerId, String agent) {
        topics.send(Topics.JOBS, new JobSubmitted(jobId, 1, gpuJob("rep", "rep", 1, gpus), Instant.now()));
        topics.send(Topics.OFFERS, offer(offerId, agent, gpus));
        placed(jobId, 0);
    }

    void preempt(String jobId, int placedAttempt) {
        topics.send(Topics.JOBS, new JobSuspendRequested(jobId, PREEMPTED, "preempted", Instant.now(),
                Map.of("gpu_worker-0", placedAttempt)));
    }

    void suspended(String jobId, Suspension suspension) {
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(jobId, JobState.SUSPENDED, "every task ended", null,
                Instant.now(), suspension));
    }

    @Test
    void aSuspendedStatusReadAgainAfterTheJobWasPlacedAgainNeitherFreesNorRequeuesItButANewerOneDoes()
            throws InterruptedException {
        submitAndPlace("rep-1", 8, "o-rep-1", "rep-a");
        preempt("rep-1", 0);
        JobStatusChanged first = new JobStatusChanged("rep-1", JobState.SUSPENDED, "every task ended", null,
                Instant.now(), PREEMPTED);
        topics.send(Topics.JOB_STATUS, first);
        queuedWith("rep-1", "back in the queue");
        topics.send(Topics.OFFERS, offer("o-rep-2", "rep-a", 8));
        placed("rep-1", 1);

        topics.send(Topics.JOB_STATUS, first); // the same status again, as after a rebalance
        Thread.sleep(SETTLE);
        topics.send(Topics.OFFERS, offer("o-rep-3", "rep-b", 8));
        declinedWithPlacements("o-rep-3", "rep-1", 2);
        assertThat(topics.readAll(Topics.JOB_STATUS, Duration.ofSeconds(1)))
                .filteredOn(t -> t.value().contains("\"rep-1\"") && t.value().contains("back in the queue"))
                .as("re-queued once").hasSize(1);

        preempt("rep-1", 1); // preempted again: monitor's next SUSPENDED is stamped later
        suspended("rep-1", PREEMPTED);
        topics.send(Topics.OFFERS, offer("o-rep-3b", "rep-b", 8));
        placed("rep-1", 2);
    }

    @Test
    void aUsersSuspendOlderThanPlacementsOwnRequestStillKeepsTheRequeuedJobOutOfTheQueue()
            throws InterruptedException {
        submitAndPlace("rep-2", 9, "o-rep-4", "rep-c");
        Instant preemptedAt = Instant.now();
        topics.send(Topics.JOBS, new JobSuspendRequested("rep-2", PREEMPTED, "preempted", preemptedAt,
                Map.of("gpu_worker-0", 0)));
        // alice asked first, but job-api published her request after placement's own: placement drops it
        topics.send(Topics.JOBS, new JobSuspendRequested("rep-2", BY_ALICE, "not now", preemptedAt.minusSeconds(1)));
        suspended("rep-2", PREEMPTED);
        queuedWith("rep-2", "back in the queue");
        suspended("rep-2", BY_ALICE); // monitor makes the suspension alice's and says SUSPENDED again
        Thread.sleep(SETTLE);
        topics.send(Topics.OFFERS, offer("o-rep-5", "rep-d", 9));
        declinedWithPlacements("o-rep-5", "rep-2", 1);

        topics.send(Topics.JOBS, new JobResumeRequested("rep-2", "alice", "go", Instant.now()));
        topics.send(Topics.OFFERS, offer("o-rep-6", "rep-d", 9));
        assertThat(placed("rep-2", 1).tasks()).as("placed again once alice resumed it").hasSize(1);
    }

    @Test
    void aQueuedJobsSuspendedStatusReadAfterTheUsersResumeLeavesItInTheQueue() throws InterruptedException {
        topics.send(Topics.JOBS, new JobSubmitted("rep-4", 1, gpuJob("rep", "rep", 1, 11), Instant.now()));
        queuedWith("rep-4", "");
        Instant suspendAt = Instant.now();
        topics.send(Topics.JOBS, new JobSuspendRequested("rep-4", BY_ALICE, "not now", suspendAt));
        topics.send(Topics.JOBS, new JobResumeRequested("rep-4", "alice", "go", suspendAt.plusSeconds(2)));
        Thread.sleep(SETTLE);
        // monitor's SUSPENDED (on mesoflow.job-status) is read after the resume (on mesoflow.jobs)
        topics.send(Topics.JOB_STATUS, new JobStatusChanged("rep-4", JobState.SUSPENDED, "suspended by alice", null,
                suspendAt.plusSeconds(1), BY_ALICE));
        Thread.sleep(SETTLE);
        topics.send(Topics.OFFERS, offer("o-rep-10", "rep-f", 11));
        assertThat(placed("rep-4", 0).tasks()).hasSize(1);
    }

    @Test
    void aPreemptedJobsUserSuspendedStatusReadAfterTheUsersResumeLeavesItInTheQueue() throws InterruptedException {
        submitAndPlace("rep-5", 12, "o-rep-11", "rep-g");
        preempt("rep-5", 0);
        suspended("rep-5", PREEMPTED);
        queuedWith("rep-5", "back in the queue");
        topics.send(Topics.JOBS, new JobSuspendRequested("rep-5", BY_ALICE, "not now", Instant.now()));
        topics.send(Topics.JOBS, new JobResumeRequested("rep-5", "alice", "go", Instant.now().plusMillis(1)));
        Thread.sleep(SETTLE);
        suspended("rep-5", BY_ALICE); // monitor's, read after alice's resume
        Thread.sleep(SETTLE);
        topics.send(Topics.OFFERS, offer("o-rep-12", "rep-g", 12));
        assertThat(placed("rep-5", 1).tasks()).hasSize(1);
    }

    @Test
    void theResumedRunIsPlacedAboveMonitorsFencesEvenWhenARelaunchRequestArrivesOnlyAfterIt()
            throws InterruptedException {
        submitAndPlace("rep-3", 10, "o-rep-7", "rep-e");
        // monitor asked to relaunch attempt 1 and fenced it; placement has not read that request yet
        preempt("rep-3", 0);
        topics.send(Topics.JOB_STATUS, new JobStatusChanged("rep-3", JobState.SUSPENDED, "every task ended", null,
                Instant.now(), PREEMPTED, Map.of("gpu_worker-0", 1)));
        queuedWith("rep-3", "back in the queue");
        topics.send(Topics.OFFERS, offer("o-rep-8", "rep-e", 10));
        assertThat(placed("rep-3", 2).tasks()).as("above the fence at 1").hasSize(1);

        topics.send(Topics.CONTROL, new RelaunchTaskRequested("rep-3", "gpu_worker-0", 1, 1, "rep-e", "late"));
        Thread.sleep(SETTLE);
        topics.send(Topics.OFFERS, offer("o-rep-9", "rep-e", 10));
        declinedWithPlacements("o-rep-9", "rep-3", 2);

        topics.send(Topics.CONTROL, new RelaunchTaskRequested("rep-3", "gpu_worker-0", 3, 1, "rep-e", "failed"));
        topics.send(Topics.OFFERS, offer("o-rep-9b", "rep-e", 10));
        assertThat(placed("rep-3", 3).tasks()).as("a later relaunch is placed as usual").hasSize(1);
    }
}
