package io.mesoflow.secrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchesRequestedTogether;
import io.mesoflow.events.SampleValues;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs placed to share one ACCEPT: the ones whose secrets resolve launch together, whatever the others' secrets do. */
class SharedLaunchTest {
    static final TaskPlacement TASK = SampleValues.sample(TaskPlacement.class);

    static TasksPlaced placed(String jobId) {
        return new TasksPlaced(jobId, 1, List.of(TASK), Instant.EPOCH);
    }

    static SharedLaunch.Launch launch(String jobId) {
        return new SharedLaunch.Launch(placed(jobId), new LaunchRequested(jobId, 1, List.of(TASK), List.of()));
    }

    @Test
    void jobsWhoseSecretsResolveLaunchTogetherAsOneRecord() {
        SharedLaunch.Plan plan = SharedLaunch.plan("agent", List.of(launch("a"), launch("b"), launch("c")));

        assertThat(plan.launch()).isEqualTo(new LaunchesRequestedTogether("agent", List.of(
                launch("a").request(), launch("b").request(), launch("c").request())));
        assertThat(plan.failed()).isEmpty();
        assertThat(plan.decline()).isFalse();
    }

    @Test
    void aJobWhoseSecretFailsEndsAloneAndTheOthersStillLaunchTogetherWithoutDecliningTheirOffers() {
        SharedLaunch.Fail failed = new SharedLaunch.Fail(placed("b"), "secret vault:x: not found");

        SharedLaunch.Plan plan = SharedLaunch.plan("agent", List.of(launch("a"), failed, launch("c")));

        assertThat(plan.launch()).isEqualTo(new LaunchesRequestedTogether("agent", List.of(
                launch("a").request(), launch("c").request())));
        assertThat(plan.failed()).containsExactly(failed);
        assertThat(plan.decline()).isFalse();
    }

    @Test
    void oneJobLeftLaunchesWithTheRecordOfAJobPlacedAlone() {
        SharedLaunch.Plan plan = SharedLaunch.plan("agent", List.of(
                new SharedLaunch.Fail(placed("a"), "no such secret"), launch("b")));

        assertThat(plan.launch()).isEqualTo(launch("b").request());
    }

    @Test
    void aJobWaitingForVaultWaitsAloneAndTheOffersStayWhileItWaits() {
        SharedLaunch.Wait waiting = new SharedLaunch.Wait(placed("b"), "vault unreachable");

        SharedLaunch.Plan plan = SharedLaunch.plan("agent", List.of(
                new SharedLaunch.Fail(placed("a"), "no such secret"), waiting));

        assertThat(plan.launch()).isNull();
        assertThat(plan.waiting()).containsExactly(waiting);
        assertThat(plan.decline()).isFalse();
    }

    @Test
    void whenEveryJobFailsTheOffersAreDeclined() {
        SharedLaunch.Plan plan = SharedLaunch.plan("agent", List.of(new SharedLaunch.Fail(placed("a"), "x"),
                new SharedLaunch.Fail(placed("b"), "y")));

        assertThat(plan.launch()).isNull();
        assertThat(plan.decline()).isTrue();
    }
}
