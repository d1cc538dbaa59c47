package io.mesoflow.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.BudgetPolicy;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.PreemptionScope;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.Resources;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TeamQuotaChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.JobSpecs;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Priority preemption and budgets that suspend, over real Kafka and PostgreSQL (docs/suspend-and-preemption.md). */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class PreemptionAndBudgetIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    /** One GPU worker with {@code gpus} GPUs (a count no other test's agents offer). */
    static JobSpec gpuJob(String name, String team, int priority, int gpus) {
        return JobSpecs.builder().name(name).team(team).priority(priority)
                .role(Role.GPU_WORKER, JobSpecs.role(1).gpus(gpus)).build();
    }

    static OfferMade offer(String id, String agent, int gpus) {
        return new OfferMade(id, agent, agent + ".example", 16, 65536, 100_000, gpus,
                List.of(new PortRange(31000, 31099)), Map.of(), Instant.now());
    }

    TasksPlaced placed(String jobId, int attempt) {
        return topics.awaitPlaced(p -> p.jobId().equals(jobId)
                && p.tasks().get(0).attempt() == attempt, WAIT);
    }

    JobStatusChanged queuedWith(String jobId, String reasonPart) {
        return topics.await(Topics.JOB_STATUS, JobStatusChanged.class, s -> s.jobId().equals(jobId)
                && s.state() == JobState.QUEUED && s.reason() != null && s.reason().contains(reasonPart), WAIT);
    }


    @Test
    void aHighPriorityJobPreemptsTheLowerPriorityJobWithTheMostRecentCheckpointAndBothArePlacedAgain()
            throws InterruptedException {
        topics.send(Topics.TEAMS, new TeamQuotaChanged("pre", null, null, null, null, 168, Instant.now(), null, null,
                PreemptionScope.WITHIN_TEAM, null));
        topics.send(Topics.JOBS, new JobSubmitted("pre-old-ckpt", 1, gpuJob("old", "pre", 1, 3), Instant.now()));
        topics.send(Topics.OFFERS, offer("o-pre-1", "pre-1", 3));
        placed("pre-old-ckpt", 0);
        topics.send(Topics.JOBS, new JobSubmitted("pre-new-ckpt", 1, gpuJob("new", "pre", 1, 3), Instant.now()));
        topics.send(Topics.OFFERS, offer("o-pre-2", "pre-2", 3));
        placed("pre-new-ckpt", 0);
        Thread.sleep(1000);
        topics.send(Topics.PROGRESS, new JobProgress("pre-new-ckpt", "pre", "gpu_worker-0", 0, ProgressSource.PROGRESS_FILE,
                120, null, null, Map.of(), List.of(), 100L, Instant.now(), null, Instant.now()));
        Thread.sleep(3000); // progress travels on its own topic: let it be recorded before the high job arrives

        topics.send(Topics.JOBS, new JobSubmitted("pre-high", 1, gpuJob("high", "pre", 9, 3), Instant.now()));

        JobSuspendRequested suspend = topics.await(Topics.JOBS, JobSuspendRequested.class,
                s -> s.jobId().startsWith("pre-"), WAIT);
        assertThat(suspend.jobId()).isEqualTo("pre-new-ckpt");
        assertThat(suspend.suspension().cause()).isEqualTo(SuspendCause.PREEMPTION);
        assertThat(suspend.suspension().requestedBy()).isEqualTo("pre-high");
        assertThat(suspend.suspension().checkpointStep()).isEqualTo(100L);
        assertThat(suspend.placedAttempts()).as("what may launch yet, for monitor's fences")
                .isEqualTo(Map.of("gpu_worker-0", 0));
        JobStatusChanged preempting = queuedWith("pre-high", "preempting job pre-new-ckpt");
        assertThat(preempting.reason()).matches("preempting job pre-new-ckpt \\(priority 1, [0-9.]+ GPU-hours since "
                + "its checkpoint\\): waiting for it to checkpoint and release its resources");
        List<MesoflowEvent> suspends = topics.readAll(Topics.JOBS, Duration.ofSeconds(3)).stream()
                .map(t -> EventCodec.decode(t.value()))
                .filter(e -> e instanceof JobSuspendRequested s && s.jobId().startsWith("pre-")).toList();
        assertThat(suspends).extracting(e -> ((JobSuspendRequested) e).jobId()).containsOnly("pre-new-ckpt");

        topics.send(Topics.JOB_STATUS, new JobStatusChanged("pre-new-ckpt", JobState.SUSPENDED,
                "every task ended", null, Instant.now(), suspend.suspension()));
        topics.send(Topics.OFFERS, offer("o-pre-2b", "pre-2", 3));

        assertThat(placed("pre-high", 0).tasks().get(0).agentId()).isEqualTo("pre-2");
        JobStatusChanged requeued = queuedWith("pre-new-ckpt", "back in the queue");
        assertThat(requeued.reason()).isEqualTo("preempted by job pre-high: back in the queue, resumes when "
                + "resources return");
        assertThat(requeued.suspension().cause()).isEqualTo(SuspendCause.PREEMPTION);

        topics.send(Topics.OFFERS, offer("o-pre-3", "pre-3", 3));
        TasksPlaced resumed = placed("pre-new-ckpt", 1);
        assertThat(resumed.tasks()).extracting(t -> t.taskName() + "@" + t.attempt()).containsExactly("gpu_worker-0@1");
    }

    @Test
    void aTeamWhoseBudgetIsSpentHasItsRunningGpuJobsSuspendedAndResumedWhenTheWindowFreesBudget()
            throws InterruptedException {
        topics.send(Topics.TEAMS, new TeamQuotaChanged("bud", null, null, null, 0.01, 168, Instant.now(), 20L,
                BudgetPolicy.SUSPEND, null, null));
        topics.send(Topics.JOBS, new JobSubmitted("bud-1", 1, gpuJob("bud", "bud", 1, 5), Instant.now()));
        topics.send(Topics.OFFERS, offer("o-bud-1", "bud-a", 5));
        placed("bud-1", 0);
        // 5 GPUs for the last 30 s: 0.028 GPU-hours in the 20 s window, over the 0.01 budget
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of("bud-1", new TaskName(Role.GPU_WORKER, 0), 0,
                TaskState.RUNNING).onAgent("bud-a", "bud-a.example", List.of(31000))
                .withResources(new Resources(1, 256, 0, 5)).at(Instant.now().minusSeconds(30)));

        JobSuspendRequested suspend = topics.await(Topics.JOBS, JobSuspendRequested.class,
                s -> s.jobId().equals("bud-1"), WAIT);
        assertThat(suspend.suspension().cause()).isEqualTo(SuspendCause.BUDGET);
        assertThat(suspend.suspension().requestedBy()).isEqualTo("budget:bud");
        assertThat(suspend.reason()).startsWith("team bud spent its GPU-hour budget: ");

        topics.send(Topics.JOB_STATUS, new JobStatusChanged("bud-1", JobState.SUSPENDED, "every task ended", null,
                Instant.now(), suspend.suspension()));
        JobStatusChanged requeued = queuedWith("bud-1", "back in the queue");
        assertThat(requeued.reason()).endsWith("back in the queue, resumes when the window frees budget");
        assertThat(requeued.suspension().cause()).isEqualTo(SuspendCause.BUDGET);

        // offers are declined while the job waits for its budget: keep offering until the window freed the headroom
        Instant deadline = Instant.now().plusSeconds(60);
        TasksPlaced resumed = null;
        for (int i = 0; resumed == null && Instant.now().isBefore(deadline); i++) {
            topics.send(Topics.OFFERS, offer("o-bud-again-" + i, "bud-a", 5));
            try {
                resumed = topics.awaitPlaced(p -> p.jobId().equals("bud-1")
                        && p.tasks().get(0).attempt() == 1, Duration.ofSeconds(2));
            } catch (AssertionError notYet) {
                // not yet: the window still holds too much of the budget
            }
        }
        assertThat(resumed).as("bud-1 placed again with attempt 1").isNotNull();
        assertThat(queuedWith("bud-1", "resumes at").reason()).contains("suspended by the budget");
    }

    @Test
    void aQueuedJobAUserSuspendsLeavesTheQueueUntilItIsResumed() throws InterruptedException {
        topics.send(Topics.JOBS, new JobSubmitted("usr-1", 1, gpuJob("usr", "usr", 1, 7), Instant.now()));
        queuedWith("usr-1", "");
        topics.send(Topics.JOBS, new JobSuspendRequested("usr-1", new Suspension(SuspendCause.USER, "alice", null,
                null, null), "not now", Instant.now()));
        topics.send(Topics.JOB_STATUS, new JobStatusChanged("usr-1", JobState.SUSPENDED, "suspended by alice", null,
                Instant.now(), new Suspension(SuspendCause.USER, "alice", null, null, null)));
        Thread.sleep(3000); // offers travel on their own topic: let the suspend be recorded first
        topics.send(Topics.OFFERS, offer("o-usr-1", "usr-a", 7));

        // the offer is declined: the suspended job is not in the queue
        topics.await(Topics.CONTROL, io.mesoflow.events.DeclineOfferRequested.class,
                d -> d.offerId().equals("o-usr-1"), WAIT);
        assertThat(topics.readAll(Topics.PLACEMENTS, Duration.ofSeconds(1))).noneMatch(t -> t.value().contains("usr-1"));

        topics.send(Topics.JOBS, new io.mesoflow.events.JobResumeRequested("usr-1", "alice", "go", Instant.now()));
        topics.send(Topics.OFFERS, offer("o-usr-2", "usr-a", 7));

        assertThat(placed("usr-1", 0).tasks()).hasSize(1);
    }

    @Test
    void aUsersResumeThatArrivesBeforeTheSuspendedStatusStillPutsTheJobBackInTheQueue() throws InterruptedException {
        topics.send(Topics.JOBS, new JobSubmitted("usr-2", 1, gpuJob("usr", "usr", 1, 6), Instant.now()));
        topics.send(Topics.OFFERS, offer("o-usr-3", "usr-b", 6));
        placed("usr-2", 0);

        Instant suspendAt = Instant.now();
        Suspension byAlice = new Suspension(SuspendCause.USER, "alice", null, null, null);
        topics.send(Topics.JOBS, new JobSuspendRequested("usr-2", byAlice, "not now", suspendAt));
        // the resume (mesoflow.jobs) overtakes monitor's SUSPENDED (mesoflow.job-status)
        topics.send(Topics.JOBS, new io.mesoflow.events.JobResumeRequested("usr-2", "alice", "go",
                suspendAt.plusSeconds(2)));
        Thread.sleep(3000);
        topics.send(Topics.JOB_STATUS, new JobStatusChanged("usr-2", JobState.SUSPENDED, "suspended by alice", null,
                suspendAt.plusSeconds(1), byAlice));
        topics.send(Topics.OFFERS, offer("o-usr-4", "usr-b", 6));

        assertThat(placed("usr-2", 1).tasks()).as("placed again as its next attempt").hasSize(1);
    }
}
