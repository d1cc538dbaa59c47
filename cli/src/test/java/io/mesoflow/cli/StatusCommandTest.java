package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCommandTest {
    static final String JOB = """
            {"id": "job-1", "state": "RUNNING", "team": "default", "revision": 1, "outputDir": "/out",
             "tensorboardUrl": "http://tb-host:6006",
             "tasks": [
              {"name": "worker-0", "attempt": 0, "state": "RUNNING", "ready": true, "address": "w-host:2222",
               "tfConfig": {"cluster": {"worker": ["w-host:2222"]}, "task": {"type": "worker", "index": 0}}},
              {"name": "evaluator-0", "attempt": 0, "state": "RUNNING", "ready": null, "address": "e-host:2224"},
              {"name": "tensorboard-0", "attempt": 0, "state": "RUNNING", "ready": false, "address": "tb-host:6006"}]}
            """;

    @Test
    void statusShowsWhetherEachTaskIsReady() throws Exception {
        try (FakeApi api = new FakeApi("application/json", JOB)) {
            FakeApi.Run run = api.run("status", "job-1");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("tensorboard: http://tb-host:6006");
            assertThat(run.out().lines().filter(l -> l.startsWith("TASK"))).singleElement().asString()
                    .containsPattern("STATE +READY +RUNNING FOR");
            assertThat(run.out().lines().filter(l -> l.startsWith("worker-0"))).singleElement().asString()
                    .containsPattern("RUNNING +yes ");
            assertThat(run.out().lines().filter(l -> l.startsWith("evaluator-0"))).singleElement().asString()
                    .containsPattern("RUNNING +- ");
            assertThat(run.out().lines().filter(l -> l.startsWith("tensorboard-0"))).singleElement().asString()
                    .containsPattern("RUNNING +no ");
        }
    }

    @Test
    void statusJsonShowsEachTasksTfConfigAndReadiness() throws Exception {
        try (FakeApi api = new FakeApi("application/json", JOB)) {
            FakeApi.Run run = api.run("--json", "status", "job-1");

            assertThat(run.code()).as(run.err()).isZero();
            var job = ApiClient.JSON.readTree(run.out());
            assertThat(job.at("/tasks/0/tfConfig/task/type").asText()).isEqualTo("worker");
            assertThat(job.at("/tasks/0/ready").asBoolean()).isTrue();
        }
    }

    @Test
    void statusShowsTrainingProgressUnderTheJobsState() throws Exception {
        try (FakeApi api = new FakeApi("application/json",
                ApiBodies.runningJob("RUNNING", ApiBodies.progress(1200, ApiBodies.WARNING)))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "status", "job-1");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out().lines().limit(7)).containsExactly(
                    "job-1  RUNNING",
                    "progress: [###########-----------------] 1200/3000 (40%)  85.2 steps/s  finish in 4m12s (10:04)",
                    "checkpoint: step 1000 (2m10s ago)",
                    "scalars: train/loss 0.312  eval/accuracy 0.91  learning_rate 0.001",
                    "gpu-hours: 0.50 used, 1.20 projected, 3.00 left in the team's budget",
                    "warning: " + ApiBodies.WARNING,
                    "team: ml  revision: 1  run time: 15m00s  gpu-hours: 0.50");
        }
    }

    @Test
    void onAUtf8TerminalTheBarUsesBlocks() throws Exception {
        try (FakeApi api = new FakeApi("application/json", ApiBodies.runningJob("RUNNING", ApiBodies.progress(1500, null)))) {
            FakeApi.Run run = api.run(ApiBodies.UTF8_TERMINAL, "status", "job-1");

            assertThat(run.out()).contains("progress: " + "█".repeat(15) + "░".repeat(15) + " 1500/3000 (50%)");
        }
    }

    @Test
    void aQueuedJobShowsItsPositionAndWhyItsStartIsUnknown() throws Exception {
        try (FakeApi api = new FakeApi("application/json",
                ApiBodies.queuedJob(null, "job xyz it waits for reports no progress"))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "status", "job-2");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out().lines().limit(2)).containsExactly("job-2  QUEUED  (needs 4 gpus, 2 free)",
                    "queue: position 3, start unknown: job xyz it waits for reports no progress");
        }
    }

    @Test
    void anOldServerWithoutProgressStillGetsAStatus() throws Exception {
        try (FakeApi api = new FakeApi("application/json", ApiBodies.OLD_SERVER_RUNNING_JOB)) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "status", "job-1");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out().lines().limit(2)).containsExactly("job-1  RUNNING", "progress: none reported yet");
            assertThat(run.out()).contains("chief-0");
        }
    }

    @Test
    void statusJsonKeepsTheApisProgressAsItIs() throws Exception {
        try (FakeApi api = new FakeApi("application/json", ApiBodies.runningJob("RUNNING", ApiBodies.progress(1200, null)))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "--json", "status", "job-1");

            var job = ApiClient.JSON.readTree(run.out());
            assertThat(job.at("/progress/step").asLong()).isEqualTo(1200);
            assertThat(job.at("/progress/gpuHours/warning").isNull()).isTrue();
            assertThat(job.get("startEta").isNull()).isTrue();
            assertThat(run.out()).doesNotContain("[###");
        }
    }
}
