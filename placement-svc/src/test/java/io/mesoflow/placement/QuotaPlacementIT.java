package io.mesoflow.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.Role;
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

/** Team quotas, GPU-hour budgets and offer declines, over real Kafka. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class QuotaPlacementIT {
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

    static JobSpec gpuJob(String team, int gpuWorkers) {
        return JobSpecs.builder().team(team).role(Role.GPU_WORKER, gpuWorkers).build();
    }

    static OfferMade gpuOffer(String id, String agent, int gpus) {
        return new OfferMade(id, agent, agent + ".example", 16, 65536, 100_000, gpus,
                List.of(new PortRange(31000, 31099)), Map.of(), Instant.now());
    }

    JobStatusChanged queuedWith(String jobId, String reasonPart) {
        return topics.await(Topics.JOB_STATUS, JobStatusChanged.class, s -> s.jobId().equals(jobId)
                && s.state() == JobState.QUEUED && s.reason() != null && s.reason().contains(reasonPart), WAIT);
    }

    @Test
    void aJobOverItsTeamsGpuQuotaWaitsAndIsPlacedOnceTheQuotaIsRaised() {
        topics.send(Topics.TEAMS, new TeamQuotaChanged("ml", null, null, 1, null, 168, Instant.now()));
        topics.send(Topics.JOBS, new JobSubmitted("ml-1", 1, gpuJob("ml", 2), Instant.now()));

        JobStatusChanged queued = queuedWith("ml-1", "quota");
        assertThat(queued.reason()).isEqualTo("team ml quota: 0 gpus in use + 2 needed > 1 allowed");
        topics.send(Topics.OFFERS, gpuOffer("o-ml", "gpu-ml", 4));
        // a job held back by its team's quota does not keep offers from others
        topics.await(Topics.CONTROL, DeclineOfferRequested.class, d -> d.offerId().equals("o-ml"), WAIT);

        topics.send(Topics.TEAMS, new TeamQuotaChanged("ml", null, null, 4, null, 168, Instant.now()));
        topics.send(Topics.OFFERS, gpuOffer("o-ml-again", "gpu-ml", 4));

        TasksPlaced placed = topics.awaitPlaced(p -> p.jobId().equals("ml-1"), WAIT);
        assertThat(placed.tasks()).hasSize(2).allSatisfy(t -> assertThat(t.resources().gpus()).isEqualTo(1));
    }

    @Test
    void aTeamOverItsGpuHourBudgetWaitsWithTheHoursUsed() {
        topics.send(Topics.TEAMS, new TeamQuotaChanged("cv", null, null, null, 1.0, 168, Instant.now()));
        // cv-old asks for more GPUs than any agent has, so it never takes another test's offer
        topics.send(Topics.JOBS, new JobSubmitted("cv-old", 1, JobSpecs.builder().name("old").team("cv")
                .role(Role.GPU_WORKER, JobSpecs.role(1).gpus(64)).build(), Instant.now()));
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class, s -> s.jobId().equals("cv-old"), WAIT);
        TaskStatusChanged oldRunning = TaskStatusChanged.of("cv-old", new TaskName(Role.GPU_WORKER, 0), 0,
                TaskState.RUNNING).onAgent("gpu-cv", "gpu-cv.example", List.of(31000))
                .withResources(new Resources(1, 256, 0, 4)).at(Instant.now().minusSeconds(3600));
        topics.send(Topics.TASK_STATUS, oldRunning);
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of("cv-old", new TaskName(Role.GPU_WORKER, 0), 0,
                TaskState.FINISHED).withExitCode(0).onAgent("gpu-cv", "gpu-cv.example", List.of(31000))
                .withResources(new Resources(1, 256, 0, 4)).at(Instant.now().minusSeconds(1800)));

        topics.send(Topics.JOBS, new JobSubmitted("cv-new", 1, gpuJob("cv", 1), Instant.now()));

        // the FINISHED status may come a pass later than the job (another topic): the reason converges
        JobStatusChanged queued = queuedWith("cv-new", "budget: 2 of");
        assertThat(queued.reason()).isEqualTo("team cv over GPU-hour budget: 2 of 1 h used in the last 7 days");
    }

    @Test
    void anOfferNoJobCanUseIsDeclinedWithARefusalFilter() {
        topics.send(Topics.OFFERS, new OfferMade("o-idle", "idle-agent", "idle.example", 1, 128, 100, 0,
                List.of(new PortRange(31000, 31000)), Map.of(), Instant.now()));

        DeclineOfferRequested decline = topics.await(Topics.CONTROL, DeclineOfferRequested.class,
                d -> d.offerId().equals("o-idle"), WAIT);

        assertThat(decline.agentId()).isEqualTo("idle-agent");
        assertThat(decline.refuseSeconds()).isEqualTo(5.0);
    }
}
