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
}
