package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitCommandTest {
    /** The job as each poll sees it: queued, then training, further, then done. */
    static final List<String> POLLS = List.of(
            ApiBodies.queuedJob("2026-03-05T10:00:30Z", "waits for job job-0 (finish ETA 10:00)"),
            ApiBodies.runningJob("RUNNING", ApiBodies.progress(1200, null)),
            ApiBodies.runningJob("RUNNING", ApiBodies.progress(2400, null)),
            ApiBodies.runningJob("SUCCEEDED", ApiBodies.progress(3000, null)));

    static FakeApi polls(List<String> bodies) throws Exception {
        AtomicInteger polled = new AtomicInteger();
        return new FakeApi(uri -> FakeApi.Answer.ok(bodies.get(Math.min(polled.getAndIncrement(), bodies.size() - 1))));
    }

    @Test
    void onATerminalWaitRedrawsOneProgressLinePerState() throws Exception {
        try (FakeApi api = polls(POLLS)) {
            FakeApi.Run run = api.run(ApiBodies.UTF8_TERMINAL, "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            String nl = System.lineSeparator();
            assertThat(run.err()).isEqualTo(
                    "\rQUEUED  (needs 4 gpus, 2 free)  position 3, start in 30s\u001b[K" + nl
                    + "\rRUNNING  1 tasks: 1 RUNNING  ████████░░░░░░░░░░░░ 1200/3000 (40%)  85.2 steps/s  finish in 4m12s\u001b[K"
                    + "\rRUNNING  1 tasks: 1 RUNNING  ████████████████░░░░ 2400/3000 (80%)  85.2 steps/s  finish in 4m12s\u001b[K" + nl
                    + "\rSUCCEEDED  1 tasks: 1 RUNNING  ████████████████████ 3000/3000 (100%)\u001b[K" + nl);
        }
    }

    @Test
    void inAPipeStatesPrintAtOnceAndProgressAtMostEveryInterval() throws Exception {
        try (FakeApi api = polls(POLLS)) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).doesNotContain("\r", "\u001b");
            assertThat(run.err().lines()).containsExactly(
                    "QUEUED  (needs 4 gpus, 2 free)  position 3, start in 30s",
                    "RUNNING  1 tasks: 1 RUNNING  [#######-----------] 1200/3000 (40%)  85.2 steps/s  finish in 4m12s",
                    "SUCCEEDED  1 tasks: 1 RUNNING  [##################] 3000/3000 (100%)");
        }
    }

    @Test
    void anEndedJobShowsWhereItsLastReadingWasWithNoRateOrFinishEta() throws Exception {
        try (FakeApi api = polls(List.of(ApiBodies.runningJob("SUCCEEDED", ApiBodies.progress(1200, null))))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            assertThat(run.err().lines()).containsExactly(
                    "SUCCEEDED  1 tasks: 1 RUNNING  [#######-----------] 1200/3000 (40%)  last reported");
        }
    }

    @Test
    void aZeroProgressIntervalPrintsEveryChange() throws Exception {
        try (FakeApi api = polls(POLLS)) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "wait", "job-1", "--progress-interval", "0");

            assertThat(run.err().lines()).hasSize(4).anyMatch(l -> l.contains("2400/3000 (80%)"));
        }
    }

    @Test
    void waitAgainstAnOldServerShowsStatesAndKeepsItsExitCodes() throws Exception {
        try (FakeApi api = polls(List.of(ApiBodies.OLD_SERVER_RUNNING_JOB,
                ApiBodies.OLD_SERVER_RUNNING_JOB.replace("\"RUNNING\", \"reason\"", "\"FAILED\", \"reason\"")))) {
            FakeApi.Run run = api.run(ApiBodies.UTF8_TERMINAL, "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.JOB_FAILED);
            assertThat(run.err()).contains("\rRUNNING  1 tasks: 1 RUNNING\u001b[K", "\rFAILED  1 tasks: 1 RUNNING\u001b[K")
                    .endsWith(System.lineSeparator());
        }
    }

    @Test
    void waitJsonPrintsNoProgressOnlyTheJob() throws Exception {
        try (FakeApi api = polls(POLLS.subList(1, 4))) {
            FakeApi.Run run = api.run(ApiBodies.UTF8_TERMINAL, "--json", "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).isEmpty();
            assertThat(ApiClient.JSON.readTree(run.out()).get("state").asText()).isEqualTo("SUCCEEDED");
        }
    }

    static String suspended(String cause) {
        return """
                {"id": "job-1", "state": "SUSPENDED", "team": "ml", "revision": 1, "outputDir": "/out", "tasks": [],
                 "suspension": {"cause": "%s", "reason": "later", "at": "2026-12-01T00:00:00Z"}}
                """.formatted(cause);
    }

    @Test
    void waitReturnsOnASuspensionByAUserForNothingHappensUntilAResume() throws Exception {
        try (FakeApi api = polls(List.of(POLLS.get(1), suspended("user")))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.JOB_SUSPENDED);
            assertThat(run.err().lines()).last().asString().startsWith("SUSPENDED");
        }
    }

    @Test
    void waitGoesOnThroughAPreemptionForThePreemptedJobResumesByItself() throws Exception {
        try (FakeApi api = polls(List.of(POLLS.get(1), suspended("preemption"), POLLS.get(3)))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "wait", "job-1");

            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            assertThat(run.err().lines()).anyMatch(l -> l.startsWith("SUSPENDED")).last().asString()
                    .startsWith("SUCCEEDED");
        }
    }
}
