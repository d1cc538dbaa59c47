package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.Resources;
import io.mesoflow.events.ReviveOffersRequested;
import io.mesoflow.events.SuppressOffersRequested;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventRelevanceTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static TaskStatusChanged task(TaskState state, int gpus) {
        return TaskStatusChanged.of("job-1", "worker-0", 0, "job-1.worker-0.0", state)
                .withResources(new Resources(1, 256, 0, gpus));
    }

    static JobProgress progress(Instant checkpointAt) {
        return new JobProgress("job-1", "team", "chief-0", 0, ProgressSource.TENSORBOARD, 10, null, null, Map.of(),
                null, checkpointAt == null ? null : 10L, checkpointAt, null, T);
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("a CPU task starting", task(TaskState.STAGING, 0), false),
                Arguments.of("a CPU task running", task(TaskState.RUNNING, 0), false),
                Arguments.of("a GPU task running (opens its GPU interval)", task(TaskState.RUNNING, 1), true),
                Arguments.of("a GPU task staging", task(TaskState.STAGING, 1), false),
                Arguments.of("a task running with no resources known", TaskStatusChanged.of("job-1", "worker-0", 0,
                        "job-1.worker-0.0", TaskState.RUNNING), false),
                Arguments.of("a task finished (frees its quota)", task(TaskState.FINISHED, 0), true),
                Arguments.of("a task killed", task(TaskState.KILLED, 0), true),
                Arguments.of("a task lost", task(TaskState.LOST, 0), true),
                Arguments.of("a job placed", new JobStatusChanged("job-1", JobState.PLACED, null, null, T), false),
                Arguments.of("a job queued", new JobStatusChanged("job-1", JobState.QUEUED, "x", 1, T), false),
                Arguments.of("a job running", new JobStatusChanged("job-1", JobState.RUNNING, null, null, T), false),
                Arguments.of("a job suspending", new JobStatusChanged("job-1", JobState.SUSPENDING, null, null, T), false),
                Arguments.of("a job suspended", new JobStatusChanged("job-1", JobState.SUSPENDED, null, null, T), true),
                Arguments.of("a job succeeded", new JobStatusChanged("job-1", JobState.SUCCEEDED, null, null, T), true),
                Arguments.of("a job failed", new JobStatusChanged("job-1", JobState.FAILED, null, null, T), true),
                Arguments.of("a job cancelled", new JobStatusChanged("job-1", JobState.CANCELLED, null, null, T), true),
                Arguments.of("usage", new TaskUsageRecorded("job-1", "team", "worker-0", 0, 1, 0, T, T, 1, 0), false),
                Arguments.of("progress without a checkpoint", progress(null), false),
                Arguments.of("progress with a checkpoint", progress(T), true),
                Arguments.of("its own decline", new DeclineOfferRequested("offer-1", "agent-1", 5), false),
                Arguments.of("its own suppress", new SuppressOffersRequested("idle", T), false),
                Arguments.of("its own revive", new ReviveOffersRequested("waiting", T), false),
                Arguments.of("monitor's kill", new KillTaskRequested("job-1", "worker-0", 0, "t", "agent-1", "x"), false),
                Arguments.of("monitor's relaunch", new RelaunchTaskRequested("job-1", "worker-0", 1, 1, "agent-1", "x"), true),
                Arguments.of("a cancel", new JobCancelRequested("job-1", "user", T), true),
                Arguments.of("a rescinded offer", new OfferRescinded("offer-1", "agent-1", "gone"), true));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("events")
    void onlyWhatCanChangePlacementsStateCounts(String what, MesoflowEvent event, boolean matters) {
        assertThat(EventRelevance.matters(event)).isEqualTo(matters);
    }

    static Stream<Arguments> locking() {
        return Stream.of(
                Arguments.of("a submission (inserts a job)", new io.mesoflow.events.JobSubmitted("job-1", 1,
                        io.mesoflow.testing.JobSpecs.builder().build(), T), false),
                Arguments.of("an offer (inserts it; an agent's size only grows)", new io.mesoflow.events.OfferMade(
                        "offer-1", "agent-1", "h", 1, 256, 0, 0, java.util.List.of(), Map.of(), T), false),
                Arguments.of("a task's end (one conditional UPDATE)", task(TaskState.FINISHED, 0), false),
                Arguments.of("a GPU task running (inserts its interval)", task(TaskState.RUNNING, 1), false),
                Arguments.of("a job's end (drops relaunches a pass rewrites)",
                        new JobStatusChanged("job-1", JobState.SUCCEEDED, null, null, T), true),
                Arguments.of("a job suspended (frees and re-queues it)",
                        new JobStatusChanged("job-1", JobState.SUSPENDED, null, null, T), true),
                Arguments.of("a relaunch", new RelaunchTaskRequested("job-1", "worker-0", 1, 1, "agent-1", "x"), true),
                Arguments.of("a cancel", new JobCancelRequested("job-1", "user", T), true),
                Arguments.of("a rescinded offer (rewrites a held offer)", new OfferRescinded("offer-1", "agent-1",
                        "gone"), true));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("locking")
    void onlyEventsThatRewriteRowsAPassWritesTakeThePassLock(String what, MesoflowEvent event, boolean locks) {
        assertThat(EventRelevance.needsPassLock(event)).isEqualTo(locks);
    }
}
