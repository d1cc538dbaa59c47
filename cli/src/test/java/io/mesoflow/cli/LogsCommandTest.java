package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogsCommandTest {
    static final String BOTH = "==> stdout <==\nstep 1\n==> stderr <==\nTraceback (most recent call last):\n";

    @Test
    void logsShowsStdoutAndStderrByDefault() throws Exception {
        try (FakeApi api = new FakeApi("text/plain", BOTH)) {
            FakeApi.Run run = api.run("logs", "job-1", "worker-0");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo(BOTH);
            assertThat(api.requests).singleElement().asString()
                    .startsWith("/api/v1/jobs/job-1/tasks/worker-0/logs?stream=both&tail=65536");
        }
    }

    @Test
    void theStreamOptionPicksOneOfThem() throws Exception {
        try (FakeApi api = new FakeApi("text/plain", "step 1\n")) {
            assertThat(api.run("logs", "job-1", "worker-0", "--stream", "stdout").code()).isZero();
            assertThat(api.run("logs", "job-1", "worker-0", "--stream", "stderr", "-f").code()).isZero();
            assertThat(api.run("logs", "job-1", "worker-0", "--stderr").code()).isZero();

            assertThat(api.requests).containsExactly(
                    "/api/v1/jobs/job-1/tasks/worker-0/logs?stream=stdout&tail=65536",
                    "/api/v1/jobs/job-1/tasks/worker-0/logs?stream=stderr&tail=65536&follow=true",
                    "/api/v1/jobs/job-1/tasks/worker-0/logs?stream=stderr&tail=65536");
        }
    }

    @Test
    void anUnknownStreamIsABadCommandLine() throws Exception {
        try (FakeApi api = new FakeApi("text/plain", "")) {
            FakeApi.Run run = api.run("logs", "job-1", "worker-0", "--stream", "stdin");

            assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--stream must be stdout or stderr");
            assertThat(api.run("logs", "job-1", "worker-0", "--stderr", "--stream", "stdout").code())
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(api.requests).isEmpty();
        }
    }
}
