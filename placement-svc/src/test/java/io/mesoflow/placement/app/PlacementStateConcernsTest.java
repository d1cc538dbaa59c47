package io.mesoflow.placement.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.TaskUsageRecorded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlacementStateConcernsTest {
    static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(JobState.class)
    void ofJobStatesOnlySuspendedAndTheEndsConcernPlacement(JobState state) {
        boolean expected = state == JobState.SUSPENDED || state == JobState.SUCCEEDED || state == JobState.FAILED
                || state == JobState.CANCELLED;

        assertThat(PlacementState.concerns(new JobStatusChanged("job-1", state, "why", 3, AT))).as(state.name())
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void ofProgressReportsOnlyThoseWithACheckpointConcernPlacement() {
        assertThat(PlacementState.concerns(progress(null))).isFalse();
        assertThat(PlacementState.concerns(progress(AT))).isTrue();
    }

    static JobProgress progress(Instant checkpointAt) {
        return new JobProgress("job-1", "ml", "chief-0", 0, ProgressSource.PROGRESS_FILE, 100, 1000L, 5.0, Map.of(),
                List.of(), checkpointAt == null ? null : 100L, checkpointAt, null, AT);
    }

    @org.junit.jupiter.api.Test
    void usageRecordsDoNotAndEveryOtherEventDoes() {
        assertThat(PlacementState.concerns(new TaskUsageRecorded("job-1", "ml", "worker-0", 0, 1, 0, AT, AT, 1, 0)))
                .isFalse();
        assertThat(PlacementState.concerns(new JobResumeRequested("job-1", "ann", "back", AT))).isTrue();
    }
}
