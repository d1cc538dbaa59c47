package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuspendResumeCommandTest {
    static final String SUSPENDING = "{\"id\": \"job-1\", \"state\": \"SUSPENDING\", \"team\": \"ml\"}";

    @Test
    void suspendPostsTheGraceInSecondsAndTheReason() throws Exception {
        try (FakeApi api = new FakeApi("application/json", SUSPENDING)) {
            FakeApi.Run run = api.run("suspend", "job-1", "--grace", "2m", "--reason", "demo");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(api.calls).singleElement().asString().startsWith("POST /api/v1/jobs/job-1/suspend ")
                    .contains("\"reason\":\"demo\"").contains("\"gracePeriodSeconds\":120");
            assertThat(run.out()).contains("suspend requested for job-1 (now SUSPENDING)");
        }
    }

    @Test
    void suspendWithoutOptionsSendsAnEmptyObjectAndABadGraceIsAUsageError() throws Exception {
        try (FakeApi api = new FakeApi("application/json", SUSPENDING)) {
            assertThat(api.run("suspend", "job-1").code()).isZero();
            assertThat(api.calls).singleElement().asString().isEqualTo("POST /api/v1/jobs/job-1/suspend {}");

            FakeApi.Run bad = api.run("suspend", "job-1", "--grace", "soon");
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("--grace must be a duration");
            assertThat(api.calls).hasSize(1);
        }
    }

    @Test
    void resumePostsTheReasonAndAConflictIsShown() throws Exception {
        try (FakeApi api = new FakeApi(uri -> new FakeApi.Answer(409, "{\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"job job-1 is still suspending\"}"))) {
            FakeApi.Run run = api.run("resume", "job-1", "--reason", "back");

            assertThat(run.code()).isNotZero();
            assertThat(run.err()).contains("still suspending");
            assertThat(api.calls).singleElement().asString()
                    .isEqualTo("POST /api/v1/jobs/job-1/resume {\"reason\":\"back\"}");
        }
    }

    @Test
    void statusShowsTheSuspensionItsCostAndTheTeamsBudgetNotice() throws Exception {
        String job = """
                {"id": "job-1", "state": "SUSPENDED", "team": "ml", "revision": 1, "outputDir": "/out", "tasks": [],
                 "suspension": {"cause": "preemption", "requestedBy": "urgent-7", "reason": "needs 8 gpus",
                  "gracePeriodSeconds": 30, "gpuHoursSinceCheckpoint": 1.5, "checkpointStep": 1200,
                  "at": "2026-12-01T00:00:00Z"}}
                """;
        String hours = "{\"team\": \"ml\", \"notice\": \"92 % of the GPU-hour budget used; running GPU jobs are "
                + "suspended when it is spent\"}";
        try (FakeApi api = new FakeApi(uri -> FakeApi.Answer.ok(uri.contains("gpu-hours") ? hours : job))) {
            FakeApi.Run run = api.run("status", "job-1");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("suspended by preemption urgent-7: needs 8 gpus (1.50 GPU-hours since the "
                    + "last checkpoint, checkpoint step 1200, grace 30s)");
            assertThat(run.out()).contains("budget: 92 % of the GPU-hour budget used");
            assertThat(api.requests).contains("/api/v1/teams/ml/gpu-hours");
        }
    }

    @Test
    void statusSaysLastSuspendedOnceTheJobWasResumed() {
        var job = ApiClient.JSON.createObjectNode().put("id", "j");
        job.putObject("suspension").put("cause", "user").put("requestedBy", "alice")
                .put("resumedAt", "2026-12-01T01:00:00Z");
        assertThat(StatusCommand.suspension(job))
                .isEqualTo("last suspended by user alice (work since the last checkpoint unknown)");
        assertThat(StatusCommand.suspension(ApiClient.JSON.createObjectNode())).isNull();
    }

    @Test
    void quotaSetSendsAShortWindowTheBudgetPolicyAndThePreemptionPolicy() throws Exception {
        try (FakeApi api = new FakeApi("application/json", "{\"name\": \"ml\", \"quota\": {}, \"usage\": {}}")) {
            FakeApi.Run run = api.run("quota", "set", "ml", "--gpu-hours", "10", "--window", "10m",
                    "--budget-policy", "suspend", "--preemption", "across-teams", "--preempt-below-priority", "5");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(api.calls).singleElement().asString().startsWith("PUT /api/v1/teams/ml ")
                    .contains("\"windowSeconds\":600", "\"budgetPolicy\":\"suspend\"",
                            "\"preemption\":\"across-teams\"", "\"preemptBelowPriority\":5");
        }
    }
}
