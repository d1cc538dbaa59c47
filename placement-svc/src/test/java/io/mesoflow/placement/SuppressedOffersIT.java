package io.mesoflow.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.PreemptionScope;
import io.mesoflow.events.ReviveOffersRequested;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuppressOffersRequested;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TeamQuotaChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.JobSpecs;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Placement and a backend it suppressed, over real Kafka and PostgreSQL. Only events run passes here
 * (a one-minute tick), and an offer nothing needs is declined at once (no idle hold).
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
@TestProfile(SuppressedOffersIT.NoTicks.class)
class SuppressedOffersIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    public static class NoTicks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mesoflow.placement.tick-interval", "60s", "mesoflow.placement.offer-idle-hold", "0s");
        }
    }

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static JobSpec gpuJob(String name, int priority) {
        return JobSpecs.builder().name(name).team("hid").priority(priority)
                .role(Role.GPU_WORKER, JobSpecs.role(1).gpus(3)).build();
    }

    static OfferMade offer(String id, int gpus) {
        return new OfferMade(id, "hid-1", "hid-1.example", 16, 65536, 100_000, gpus,
                List.of(new PortRange(31000, 31099)), Map.of(), Instant.now());
    }

    /**
     * A high-priority job that arrives while the backend is suppressed does not preempt: what the
     * agent withholds may fit it, so the pass revives, and the offer the revive brings places it.
     */
    @Test
    void aJobArrivingWhileOffersAreSuppressedIsPlacedOnWhatTheReviveBringsWithoutPreempting() {
        topics.send(Topics.TEAMS, new TeamQuotaChanged("hid", null, null, null, null, 168, Instant.now(), null, null,
                PreemptionScope.WITHIN_TEAM, null));
        topics.send(Topics.JOBS, new JobSubmitted("hid-low", 1, gpuJob("low", 1), Instant.now()));
        // queued first: an offer that came before the job would be declined at once (no idle hold)
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class, s -> s.jobId().equals("hid-low")
                && s.state() == JobState.QUEUED, WAIT);
        topics.send(Topics.OFFERS, offer("o-hid-1", 7));
        topics.awaitPlaced(p -> p.jobId().equals("hid-low"), WAIT);
        // the backend offers what the ACCEPT left; nothing waits: declined, and the backend suppressed
        topics.send(Topics.OFFERS, offer("o-hid-1b", 4));
        topics.await(Topics.CONTROL, DeclineOfferRequested.class, d -> d.offerId().equals("o-hid-1b"), WAIT);
        long revivesBefore = revives();

        topics.send(Topics.JOBS, new JobSubmitted("hid-high", 1, gpuJob("high", 9), Instant.now()));
        topics.readCaughtUpUntil(Topics.CONTROL, v -> v.stream().filter(r -> r.contains("ReviveOffersRequested"))
                .count() > revivesBefore, WAIT);
        topics.send(Topics.OFFERS, offer("o-hid-2", 4));

        TasksPlaced high = topics.awaitPlaced(p -> p.jobId().equals("hid-high"), WAIT);
        assertThat(high.tasks().get(0).offerIds()).containsExactly("o-hid-2");
        assertThat(topics.readCaughtUpUntil(Topics.JOBS, v -> true, WAIT))
                .as("suspend requests").noneMatch(r -> r.contains("JobSuspendRequested"));
    }

    /** A backend that forgot the suppress (a new launcher term starts unsuppressed) is told again when it offers. */
    @Test
    void anOfferDeclinedWhileSuppressedIsFollowedByAnotherSuppress() {
        // a first offer nothing needs: declined, and the backend suppressed (now or before)
        topics.send(Topics.OFFERS, tiny("o-uns-0"));
        topics.await(Topics.CONTROL, DeclineOfferRequested.class, d -> d.offerId().equals("o-uns-0"), WAIT);
        Instant sent = Instant.now();

        topics.send(Topics.OFFERS, tiny("o-uns-1"));

        topics.await(Topics.CONTROL, DeclineOfferRequested.class, d -> d.offerId().equals("o-uns-1"), WAIT);
        topics.await(Topics.CONTROL, SuppressOffersRequested.class, s -> s.requestedAt().isAfter(sent), WAIT);
    }

    static OfferMade tiny(String id) {
        return new OfferMade(id, "uns-1", "uns-1.example", 0.01, 64, 0, 0, List.of(), Map.of(), Instant.now());
    }

    long revives() {
        return topics.readCaughtUpUntil(Topics.CONTROL, v -> true, WAIT).stream()
                .filter(r -> r.contains(ReviveOffersRequested.class.getSimpleName())).count();
    }
}
