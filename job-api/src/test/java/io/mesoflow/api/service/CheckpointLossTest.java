package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RoleSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointLossTest {
    static JobSpec spec(int gpuWorkers, int gpusEach) {
        return new JobSpec("j", "ml", 0, "file:///a.py", "x", Map.of(), "/out", Map.of("chief", RoleSpec.of(1, 1, 256, 0),
                "gpu_worker", RoleSpec.of(gpuWorkers, 1, 256, gpusEach)), List.of(), Map.of(), null, null, 6, null,
                false);
    }

    @Test
    void theLossIsTheJobsGpusTimesTheTimeSinceItsCheckpoint() {
        Instant checkpoint = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(CheckpointLoss.gpuHoursSince(spec(2, 4), checkpoint, checkpoint.plusSeconds(1800)))
                .isEqualTo(4.0);
    }

    @Test
    void noCheckpointMeansUnknownAndACpuJobLosesNoGpuHours() {
        Instant now = Instant.parse("2026-12-01T01:00:00Z");
        assertThat(CheckpointLoss.gpuHoursSince(spec(2, 4), null, now)).isNull();
        assertThat(CheckpointLoss.gpuHoursSince(spec(0, 1), now.minusSeconds(3600), now)).isZero();
    }
}
