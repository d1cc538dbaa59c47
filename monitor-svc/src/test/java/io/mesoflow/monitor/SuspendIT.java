package io.mesoflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.JobSpecs;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Suspension end to end through Kafka and PostgreSQL (docs/suspend-and-preemption.md). */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class SuspendIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> TASKS = List.of("chief-0", "ps-0", "worker-0", "worker-1");
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static void submit(String job) {
        JobSpec spec = JobSpecs.builder().team("t")
                .role(Role.CHIEF, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.PS, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.WORKER, JobSpecs.role(2).restartPolicy(RestartPolicy.ON_FAILURE)).build();
        topics.send(Topics.JOBS, new JobSubmitted(job, 1, spec, Instant.now()));
    }

    /** Submitted, every task RUNNING at attempt 0, and the job RUNNING. */
    static void submitRunning(String job) {
        submit(job);
        TASKS.forEach(t -> status(job, t, 0, TaskState.RUNNING, null));
        states(job, s -> s.contains(JobState.RUNNING));
    }

    static void status(String job, String task, int attempt, TaskState state, Integer exit) {
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(job, TaskName.parse(task), attempt, state)
                .withExitCode(exit).onAgent("agent-1", "h", List.of()));
    }

    /** The job's events on {@code topic} in order, once {@code done} holds for them (or the wait is over). */
    static <T extends MesoflowEvent> List<T> events(String topic, Class<T> type, String job, Predicate<List<T>> done) {
        List<String> raw = topics.readUntil(topic, values -> done.test(decode(values, type, job)), WAIT);
        return decode(raw, type, job);
    }

    /** Every event of the job on {@code topic} within a few seconds. */
    static <T extends MesoflowEvent> List<T> allEvents(String topic, Class<T> type, String job) {
        return decode(topics.readUntil(topic, values -> false, Duration.ofSeconds(3)), type, job);
    }

    static <T extends MesoflowEvent> List<T> decode(List<String> values, Class<T> type, String job) {
        return values.stream().map(EventCodec::decode).filter(type::isInstance).map(type::cast)
                .filter(e -> e.key().equals(job)).toList();
    }

    static List<JobState> states(String job, Predicate<List<JobState>> done) {
        return events(Topics.JOB_STATUS, JobStatusChanged.class, job,
                s -> done.test(s.stream().map(JobStatusChanged::state).toList()))
                .stream().map(JobStatusChanged::state).toList();
    }

    @Test
    void aPreemptedJobGetsTheNoticeParameterServersLastIsSuspendedAndItsNextAttemptsRunItAgain() {
        String job = "job-preempted";
        submitRunning(job);

        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.PREEMPTION, "job-big", 7L,
                0.12, 600L), "room for job-big", Instant.now()));

        String reason = "preempted by job job-big: 0.12 GPU-hours since the last checkpoint (step 600) at risk; "
                + "7 s grace to checkpoint";
        JobStatusChanged suspending = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDING, WAIT);
        assertThat(suspending.reason()).isEqualTo(reason);
        assertThat(suspending.suspension()).isEqualTo(new Suspension(SuspendCause.PREEMPTION, "job-big", 7L, 0.12,
                600L));
        List<KillTaskRequested> noticed = events(Topics.CONTROL, KillTaskRequested.class, job, k -> k.size() >= 3);
        assertThat(noticed).extracting(KillTaskRequested::taskName)
                .containsExactlyInAnyOrder("chief-0", "worker-0", "worker-1");
        assertThat(noticed).allSatisfy(k -> {
            assertThat(k.gracePeriodSeconds()).isEqualTo(7L);
            assertThat(k.preemptionNotice()).isEqualTo(reason);
        });

        status(job, "chief-0", 0, TaskState.FINISHED, 0);
        status(job, "worker-0", 0, TaskState.KILLED, 137);
        status(job, "worker-1", 0, TaskState.FAILED, 143);
        List<KillTaskRequested> kills = events(Topics.CONTROL, KillTaskRequested.class, job, k -> k.size() >= 4);
        assertThat(kills).hasSize(4);
        KillTaskRequested ps = kills.get(3);
        assertThat(ps.taskName()).as("the parameter server is killed last").isEqualTo("ps-0");
        assertThat(ps.gracePeriodSeconds()).isNull();
        assertThat(ps.preemptionNotice()).isNull();
        status(job, "ps-0", 0, TaskState.KILLED, 137);

        JobStatusChanged suspended = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDED, WAIT);
        assertThat(suspended.reason()).isEqualTo(reason + "; every task ended");
        assertThat(suspended.suspension()).isEqualTo(suspending.suspension());
        assertThat(suspended.fencedAttempts()).as("placement places the resumed run above these")
                .isEqualTo(placedAt(0));
        assertThat(suspending.fencedAttempts()).isNull();
        topics.send(Topics.JOBS, new JobResumeRequested(job, "alice", null, Instant.now()));

        TASKS.forEach(t -> status(job, t, 1, TaskState.RUNNING, null));
        List<JobState> all = states(job, s -> s.lastIndexOf(JobState.RUNNING) > s.indexOf(JobState.SUSPENDED)
                && s.contains(JobState.SUSPENDED));
        assertThat(all).containsExactly(JobState.LAUNCHING, JobState.RUNNING, JobState.SUSPENDING, JobState.SUSPENDED,
                JobState.LAUNCHING, JobState.RUNNING);
        assertThat(allEvents(Topics.CONTROL, RelaunchTaskRequested.class, job))
                .as("the task ends during the suspension relaunched nothing").isEmpty();
        assertThat(allEvents(Topics.CONTROL, KillTaskRequested.class, job))
                .as("the resumed attempts are not killed").hasSize(4);
    }

    static java.util.Map<String, Integer> placedAt(int attempt) {
        return java.util.Map.of("chief-0", attempt, "ps-0", attempt, "worker-0", attempt, "worker-1", attempt);
    }

    /**
     * Found by the chaos suite: preempted, re-queued, placed again, then preempted again before its
     * new attempts reported, whose launch was then refused (LOST). The job got stuck RESTARTING.
     */
    @Test
    void aJobPreemptedAgainAfterPlacementPlacedItAgainIsSuspendedAgainAndItsRefusedLaunchRestartsNothing() {
        String job = "job-preempted-twice";
        submit(job);
        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.PREEMPTION, "job-a", 0L,
                null, null), "room for job-a", Instant.now(), placedAt(0)));
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDED, WAIT);

        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.PREEMPTION, "job-b", 0L,
                null, null), "room for job-b", Instant.now(), placedAt(1)));
        JobStatusChanged again = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDED && s.suspension().requestedBy()
                        .equals("job-b"), WAIT);
        assertThat(again.reason()).endsWith("it was placed again and none of its tasks had started");
        assertThat(again.fencedAttempts()).as("raised to what placement placed again").isEqualTo(placedAt(1));

        status(job, "chief-0", 1, TaskState.LOST, null);
        status(job, "worker-0", 1, TaskState.RUNNING, null);
        status(job, "worker-1", 2, TaskState.STAGING, null);
        List<KillTaskRequested> kills = events(Topics.CONTROL, KillTaskRequested.class, job, k -> !k.isEmpty());
        assertThat(kills).extracting(KillTaskRequested::taskId).as("the attempt placed before job-b's preemption")
                .containsExactly("job-preempted-twice.worker-0.1");
        assertThat(states(job, s -> s.contains(JobState.LAUNCHING))).as("attempt 2 is the resumed run")
                .containsExactly(JobState.SUSPENDED, JobState.SUSPENDED, JobState.LAUNCHING);
        assertThat(allEvents(Topics.CONTROL, RelaunchTaskRequested.class, job)).as("the refused launch").isEmpty();
    }

    @Test
    void aUsersSuspendReadWhileAPreemptionsGraceRunsMakesTheJobWaitForTheUser() {
        String job = "job-preempted-then-alice";
        submitRunning(job);
        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.PREEMPTION, "job-c", 20L,
                null, null), "room for job-c", Instant.now(), placedAt(0)));
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDING, WAIT);

        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.USER, "alice", null, null,
                null), "not now", Instant.now()));
        JobStatusChanged alices = topics.await(Topics.JOB_STATUS, JobStatusChanged.class, s -> s.jobId().equals(job)
                && s.state() == JobState.SUSPENDING && s.suspension().cause() == SuspendCause.USER, WAIT);
        assertThat(alices.suspension().gracePeriodSeconds()).as("the grace the tasks were given").isEqualTo(20L);
        TASKS.forEach(t -> status(job, t, 0, TaskState.KILLED, 137));

        JobStatusChanged suspended = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDED, WAIT);
        assertThat(suspended.suspension().requestedBy()).as("placement keeps the job out of its queue")
                .isEqualTo("alice");
        assertThat(suspended.timestamp()).isAfter(alices.timestamp());
    }

    @Test
    void aJobWithNoTaskRunningIsSuspendedAtOnceAndCanBeCancelled() {
        String job = "job-queued";
        submit(job);
        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.USER, "alice", null, null,
                null), "not now", Instant.now()));

        JobStatusChanged suspended = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDED, WAIT);
        assertThat(suspended.reason()).isEqualTo("suspended by alice (not now); 30 s grace to checkpoint; "
                + "no task was running");
        assertThat(suspended.suspension().gracePeriodSeconds()).as("the configured default").isEqualTo(30L);

        topics.send(Topics.JOBS, new JobCancelRequested(job, "no longer needed", Instant.now()));
        JobStatusChanged cancelled = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.CANCELLED, WAIT);
        assertThat(cancelled.reason()).isEqualTo("no longer needed");
        assertThat(cancelled.suspension()).isNull();
    }

    @Test
    void tasksThatOutliveTheGraceAndTheKillTimeoutAreKilledAgain() {
        String job = "job-stubborn";
        submitRunning(job);

        topics.send(Topics.JOBS, new JobSuspendRequested(job, new Suspension(SuspendCause.BUDGET, "budget:t", 0L,
                null, null), "budget spent", Instant.now()));

        List<KillTaskRequested> kills = events(Topics.CONTROL, KillTaskRequested.class, job,
                k -> k.stream().filter(kill -> kill.taskName().equals("worker-0")).count() >= 2);
        assertThat(kills.stream().filter(k -> k.taskName().equals("worker-0")))
                .as("sent again 0 s grace + 2 s kill timeout later, with the notice").hasSize(2)
                .allSatisfy(k -> assertThat(k.preemptionNotice())
                        .isEqualTo("suspended: team t spent its GPU-hour budget; 0 s grace to checkpoint"));
        assertThat(kills).extracting(KillTaskRequested::taskName).doesNotContain("ps-0");
        JobStatusChanged suspending = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.SUSPENDING, WAIT);
        assertThat(suspending.suspension().cause()).isEqualTo(SuspendCause.BUDGET);
    }
}
