package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ProgressTextTest {
    final ProgressText text = new ProgressText(false, ApiBodies.NOW, ZoneId.of("UTC"));

    static JsonNode json(String body) throws Exception {
        return ApiClient.JSON.readTree(body);
    }

    @Test
    void aRunningJobShowsBarStepsRateFinishCheckpointScalarsAndGpuHours() throws Exception {
        JsonNode job = json(ApiBodies.runningJob("RUNNING", ApiBodies.progress(1200, ApiBodies.WARNING)));

        assertThat(text.statusLines("RUNNING", Progress.of(job), StartEta.of(job), null)).containsExactly(
                "progress: [###########-----------------] 1200/3000 (40%)  85.2 steps/s  finish in 4m12s (10:04)",
                "checkpoint: step 1000 (2m10s ago)",
                "scalars: train/loss 0.312  eval/accuracy 0.91  learning_rate 0.001",
                "gpu-hours: 0.50 used, 1.20 projected, 3.00 left in the team's budget",
                "warning: " + ApiBodies.WARNING);
    }

    @Test
    void unknownsReadAsUnknownAndNothingIsMadeUp() throws Exception {
        JsonNode job = json(ApiBodies.runningJob("RUNNING", """
                {"task": "worker-0", "attempt": 1, "source": "progress-file", "step": 40, "totalSteps": null,
                 "fraction": null, "stepsPerSecond": null, "scalars": {}, "checkpointStep": null,
                 "checkpointAt": null, "observedAt": "2026-03-05T09:54:00Z", "finishEta": null, "gpuHours": null}
                """));

        assertThat(text.statusLines("RUNNING", Progress.of(job), StartEta.of(job), null)).containsExactly(
                "progress: step 40 (total unknown)  ? steps/s  finish unknown  (reported 6m00s ago)",
                "checkpoint: none yet");
    }

    @Test
    void anEndedJobShowsWhereItStoppedWithoutRateOrEta() throws Exception {
        JsonNode job = json(ApiBodies.runningJob("SUCCEEDED", ApiBodies.progress(3000, null)));

        assertThat(text.statusLines("SUCCEEDED", Progress.of(job), null, null).get(0))
                .isEqualTo("progress: [############################] 3000/3000 (100%)");
    }

    @Test
    void aQueuedJobShowsItsPositionAndStartEtaOrWhyItIsUnknown() throws Exception {
        JsonNode known = json(ApiBodies.queuedJob("2026-03-05T10:12:00Z", "waits for job abc (finish ETA 10:42)"));
        JsonNode unknown = json(ApiBodies.queuedJob(null, "job xyz it waits for reports no progress"));

        assertThat(text.statusLines("QUEUED", Progress.of(known), StartEta.of(known), 3L)).containsExactly(
                "queue: position 3, start in 12m00s (10:12): waits for job abc (finish ETA 10:42)");
        assertThat(text.statusLines("QUEUED", Progress.of(unknown), StartEta.of(unknown), 3L)).containsExactly(
                "queue: position 3, start unknown: job xyz it waits for reports no progress");
        assertThat(text.liveQueued(StartEta.of(unknown)))
                .isEqualTo("position 3, start unknown: job xyz it waits for reports no progress");
    }

    @Test
    void anOldServerWithoutProgressFieldsGivesNoProgressAndNoCrash() throws Exception {
        JsonNode running = json(ApiBodies.OLD_SERVER_RUNNING_JOB);
        JsonNode queued = json(ApiBodies.OLD_SERVER_QUEUED_JOB);

        assertThat(Progress.of(running)).isNull();
        assertThat(StartEta.of(running)).isNull();
        assertThat(text.statusLines("RUNNING", null, null, null)).containsExactly("progress: none reported yet");
        assertThat(text.statusLines("QUEUED", Progress.of(queued), StartEta.of(queued), 3L))
                .containsExactly("queue: position 3");
        assertThat(text.statusLines("SUCCEEDED", null, null, null)).isEmpty();
    }

    @Test
    void fieldsOfTheWrongTypeAreUnknownNotErrors() throws Exception {
        JsonNode job = json("""
                {"progress": {"step": 7, "totalSteps": "lots", "fraction": "0.1", "stepsPerSecond": null,
                              "scalars": {"loss": "high", "acc": 0.5}, "checkpointAt": "yesterday",
                              "finishEta": 12, "gpuHours": "many"},
                 "startEta": "soon"}
                """);

        Progress p = Progress.of(job);
        assertThat(p.step()).isEqualTo(7);
        assertThat(p.totalSteps()).isNull();
        assertThat(p.done()).isNull();
        assertThat(p.scalars()).containsOnlyKeys("acc");
        assertThat(p.checkpointAt()).isNull();
        assertThat(p.finishEta()).isNull();
        assertThat(p.gpuHours()).isNull();
        assertThat(StartEta.of(job)).isNull();
        assertThat(Progress.of(json("{\"progress\": {\"task\": \"chief-0\"}}"))).isNull();
    }

    @Test
    void theFractionComesFromStepsWhenTheApiSendsNone() throws Exception {
        Progress p = Progress.of(json("{\"progress\": {\"step\": 750, \"totalSteps\": 3000}}"));

        assertThat(p.done()).isEqualTo(0.25);
        assertThat(text.steps(p)).isEqualTo("750/3000 (25%)");
    }

    @Test
    void theLiveLineIsCompactWithARelativeEta() throws Exception {
        Progress p = Progress.of(json(ApiBodies.runningJob("RUNNING", ApiBodies.progress(1200, null))));

        assertThat(text.live(p, 12)).isEqualTo("[####------] 1200/3000 (40%)  85.2 steps/s  finish in 4m12s");
        assertThat(new ProgressText(true, ApiBodies.NOW, ZoneId.of("UTC")).live(p, 10))
                .startsWith("████░░░░░░ 1200/3000");
    }
}
