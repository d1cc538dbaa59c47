package io.mesoflow.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
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

@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class PlacementIT {
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

    static JobSpec spec(int ps, int workers, double cpus) {
        return spec(ps, workers, cpus, 0);
    }

    static JobSpec spec(int ps, int workers, double cpus, int priority) {
        return JobSpecs.builder().team("ml").priority(priority).context(Map.of("lr", 0.1))
                .role(Role.PS, JobSpecs.role(ps).cpus(cpus)).role(Role.WORKER, JobSpecs.role(workers).cpus(cpus))
                .build();
    }

    static OfferMade offer(String id, String agent, double cpus) {
        return new OfferMade(id, agent, agent + ".example", cpus, 8192, 10_000, 0,
                List.of(new PortRange(31000, 31009)), Map.of(), Instant.now());
    }

    @Test
    void jobWaitsWithAReasonThenIsPlacedAsAGangWhenAnOfferArrives() {
        topics.send(Topics.JOBS, new JobSubmitted("job-a", 1, spec(1, 2, 1), Instant.now()));

        JobStatusChanged queued = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-a") && s.state() == JobState.QUEUED, WAIT);
        assertThat(queued.reason()).isNotBlank();
        assertThat(queued.queuePosition()).isPositive();

        topics.send(Topics.OFFERS, offer("offer-1", "agent-1", 3));

        TasksPlaced placed = topics.awaitPlaced(p -> p.jobId().equals("job-a"), WAIT);
        assertThat(placed.tasks()).extracting(TaskPlacement::taskName).containsExactly("ps-0", "worker-0", "worker-1");
        assertThat(placed.tasks()).allSatisfy(t -> {
            assertThat(t.offerIds()).containsExactly("offer-1");
            assertThat(t.agentId()).isEqualTo("agent-1");
            assertThat(t.launch().tfConfig()).isNotNull();
        });
        assertThat(placed.tasks().get(1).launch().tfConfig().toJson()).isEqualTo(
                "{\"cluster\":{\"worker\":[\"agent-1.example:31001\",\"agent-1.example:31002\"],"
                        + "\"ps\":[\"agent-1.example:31000\"]},\"task\":{\"type\":\"worker\",\"index\":0}}");
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-a") && s.state() == JobState.PLACED, WAIT);
    }

    @Test
    void aJobBiggerThanEveryAgentSeenSaysItCanNeverFit() {
        topics.send(Topics.OFFERS, offer("offer-n", "agent-n", 2));
        topics.send(Topics.JOBS, new JobSubmitted("job-n", 1, spec(0, 1, 512, -200), Instant.now()));

        JobStatusChanged queued = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-n") && s.state() == JobState.QUEUED && s.reason() != null
                        && s.reason().startsWith("can never fit"), WAIT);
        assertThat(queued.reason()).contains("worker-0 needs 512").contains("the largest agent it may use");
    }

    @Test
    void aUsedOfferIsNeverUsedTwice() {
        // 12 cpus: only offer-big fits, whatever smaller offers earlier tests left held
        topics.send(Topics.JOBS, new JobSubmitted("job-b", 1, spec(0, 1, 12, 40), Instant.now()));
        topics.send(Topics.OFFERS, offer("offer-big", "agent-9", 16));
        TasksPlaced placedB = topics.awaitPlaced(p -> p.jobId().equals("job-b"), WAIT);
        assertThat(placedB.tasks().get(0).offerIds()).containsExactly("offer-big");

        topics.send(Topics.OFFERS, offer("offer-big", "agent-9", 16));
        topics.send(Topics.JOBS, new JobSubmitted("job-c", 1, spec(0, 1, 12, -100), Instant.now()));

        JobStatusChanged queued = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-c") && s.state() == JobState.QUEUED, WAIT);
        assertThat(queued.reason()).isNotBlank();
        assertThat(topics.readUntil(Topics.PLACEMENTS, v -> false, Duration.ofSeconds(3)))
                .filteredOn(r -> r.contains("job-c")).isEmpty();
    }

    @Test
    void aRelaunchGoesBackToTheSameAgentAndPortWithTheSameTfConfig() {
        topics.send(Topics.JOBS, new JobSubmitted("job-r", 1, spec(1, 2, 1, 50), Instant.now()));
        topics.send(Topics.OFFERS, offer("offer-r1", "agent-r", 3));
        TasksPlaced first = topics.awaitPlaced(p -> p.jobId().equals("job-r"), WAIT);
        TaskPlacement worker1 = first.tasks().stream().filter(t -> t.taskName().equals("worker-1")).findFirst().get();

        topics.send(Topics.CONTROL, new RelaunchTaskRequested("job-r", "worker-1", 1, 1, "agent-r", "test"));
        topics.send(Topics.OFFERS, new OfferMade("offer-r2", "agent-r", "agent-r.example", 1, 256, 0, 0,
                List.of(new PortRange(worker1.ports().get(0), worker1.ports().get(0))), Map.of(), Instant.now()));

        TasksPlaced again = topics.awaitPlaced(
                p -> p.jobId().equals("job-r") && p.tasks().get(0).attempt() == 1, WAIT);
        TaskPlacement relaunched = again.tasks().get(0);
        assertThat(relaunched.taskName()).isEqualTo("worker-1");
        assertThat(relaunched.ports()).isEqualTo(worker1.ports());
        assertThat(relaunched.offerIds()).containsExactly("offer-r2");
        assertThat(relaunched.launch().tfConfig()).isEqualTo(worker1.launch().tfConfig());
        JobStatusChanged said = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-r") && s.state() == JobState.RESTARTING && s.reason().contains("relaunched"),
                WAIT);
        assertThat(said.reason()).isEqualTo("worker-1 relaunched on the same agent and port agent-r.example:"
                + worker1.ports().get(0) + " (attempt 1)");
    }

    @Test
    void aRelaunchStillPendingWhenItsJobEndsIsNeverPlaced() {
        topics.send(Topics.JOBS, new JobSubmitted("job-e", 1, spec(1, 1, 5, 40), Instant.now()));
        topics.send(Topics.OFFERS, offer("offer-e1", "agent-e", 10));
        TasksPlaced first = topics.awaitPlaced(p -> p.jobId().equals("job-e"), WAIT);
        topics.send(Topics.CONTROL, new RelaunchTaskRequested("job-e", "worker-0", 1, 1, "agent-e", "test"));

        topics.send(Topics.JOB_STATUS, new JobStatusChanged("job-e", JobState.FAILED, "the chief failed", null,
                Instant.now()));
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-e") && s.state() == JobState.FAILED, WAIT);
        sleep(1500);
        topics.send(Topics.OFFERS, offer("offer-e2", "agent-e", 10));

        assertThat(topics.readUntil(Topics.PLACEMENTS, v -> false, Duration.ofSeconds(4)))
                .filteredOn(r -> r.contains("job-e")).hasSize(1);
        assertThat(first.tasks()).hasSize(2);
    }

    @Test
    void afterASuppressWorkThatArrivesWithNothingHeldRevivesAtOnce() {
        topics.await(Topics.CONTROL, io.mesoflow.events.SuppressOffersRequested.class, s -> true, WAIT);
        long revivesBefore = topics.readUntil(Topics.CONTROL, v -> false, Duration.ofMillis(500)).stream()
                .filter(r -> r.contains("ReviveOffersRequested")).count();

        topics.send(Topics.JOBS, new JobSubmitted("job-s", 1, spec(1, 1, 64), Instant.now()));

        topics.readUntil(Topics.CONTROL, v -> v.stream().filter(r -> r.contains("ReviveOffersRequested")).count()
                > revivesBefore, WAIT);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
