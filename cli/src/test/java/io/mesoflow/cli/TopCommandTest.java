package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TopCommandTest {
    static FakeApi.Answer contract(String uri) {
        return uri.startsWith("/api/v1/queue") ? FakeApi.Answer.ok(ApiBodies.QUEUE)
                : uri.startsWith("/api/v1/jobs?") ? FakeApi.Answer.ok(ApiBodies.LIVE_JOBS)
                : FakeApi.Answer.notFound("no such path " + uri);
    }

    @Test
    void outsideATerminalTopPrintsOneFrameOfRunningThenQueuedJobs() throws Exception {
        try (FakeApi api = new FakeApi(TopCommandTest::contract)) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "top");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out().lines()).containsExactly(
                    "ID     NAME    TEAM  STATE      PROGRESS          STEPS/S  ETA                     REASON",
                    "job-1  mnist   ml    RUNNING    [####------] 40%  85.2     in 4m12s (10:04)        -",
                    "job-3  bert    nlp   LAUNCHING  -                 -        -                       -",
                    "job-4  gan     nlp   QUEUED     #1 in queue       -        start in 4m12s (10:04)  "
                            + "needs 8 gpus, 2 free; waits for job job-1 (finish ETA 10:04)",
                    "job-2  resnet  ml    QUEUED     #2 in queue       -        start unknown           "
                            + "needs 4 gpus, 2 free; job xyz it waits for reports no progress");
            assertThat(api.requests).containsExactly("/api/v1/jobs?ended=false&limit=50", "/api/v1/queue");
        }
    }

    @Test
    void theTeamFilterGoesToTheApiAndTheRows() throws Exception {
        try (FakeApi api = new FakeApi(TopCommandTest::contract)) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "top", "--team", "nlp", "--limit", "10");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out().lines().skip(1).map(l -> l.split(" ")[0])).containsExactly("job-3", "job-4");
            assertThat(api.requests).containsExactly("/api/v1/jobs?ended=false&limit=10&team=nlp",
                    "/api/v1/queue?team=nlp");
        }
    }

    @Test
    void anOldServerWithoutTheQueueEndpointListsItsQueuedJobs() throws Exception {
        try (FakeApi api = new FakeApi(uri -> uri.startsWith("/api/v1/queue") ? FakeApi.Answer.notFound("no route")
                : uri.contains("state=QUEUED") ? FakeApi.Answer.ok("[" + ApiBodies.OLD_SERVER_QUEUED_JOB + "]")
                : FakeApi.Answer.ok("[" + ApiBodies.OLD_SERVER_RUNNING_JOB + "]"))) {
            FakeApi.Run run = api.run(ApiBodies.PIPE, "top");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out().lines().skip(1)).containsExactly(
                    "job-1  mnist   ml    RUNNING  -            -        -    -",
                    "job-2  resnet  ml    QUEUED   #3 in queue  -        -    needs 4 gpus, 2 free");
        }
    }

    @Test
    void noJobsSaysSo() throws Exception {
        try (FakeApi api = new FakeApi(uri -> FakeApi.Answer.ok(uri.startsWith("/api/v1/queue") ? "{\"jobs\": []}" : "[]"))) {
            assertThat(api.run(ApiBodies.PIPE, "top").out()).isEqualTo("no running or queued jobs" + System.lineSeparator());
        }
    }

    @Test
    void topJsonPrintsTheApisJobsAndQueue() throws Exception {
        try (FakeApi api = new FakeApi(TopCommandTest::contract)) {
            FakeApi.Run run = api.run(ApiBodies.UTF8_TERMINAL, "--json", "top");

            var both = ApiClient.JSON.readTree(run.out());
            assertThat(both.at("/jobs/0/progress/stepsPerSecond").asDouble()).isEqualTo(85.2);
            assertThat(both.at("/queue/1/startEta/eta").isNull()).isTrue();
        }
    }

    @Test
    void onATerminalTopRefreshesEveryIntervalUntilStopped() throws Exception {
        try (FakeApi api = new FakeApi(TopCommandTest::contract)) {
            StringWriter out = new StringWriter();
            Thread top = new Thread(() -> Mesoflow.run(new String[] {"--api", api.url(), "top", "--interval", "1"},
                    new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), ApiBodies.UTF8_TERMINAL));
            top.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            // until the second frame is drawn, not until the API saw its request: stopped between the
            // two, top had drawn one frame (a loaded CI machine did)
            while (frames(out) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            top.interrupt();
            top.join(5000);

            assertThat(top.isAlive()).isFalse();
            assertThat(frames(out)).as("frames drawn").isGreaterThanOrEqualTo(2);
            assertThat(out.toString()).contains("mesoflow top  10:00:00  2 running, 2 queued  (every 1s, Ctrl-C quits)",
                    "████▊░░░░░░░ 40%");
        }
    }

    @Test
    void onATerminalOnceDrawsOneFrameWithoutClearingTheScreen() throws Exception {
        try (FakeApi api = new FakeApi(TopCommandTest::contract)) {
            FakeApi.Run run = api.run(ApiBodies.UTF8_TERMINAL, "top", "--once");

            assertThat(run.code()).isZero();
            assertThat(run.out()).doesNotContain(TopCommand.CLEAR_SCREEN).contains("████▊░░░░░░░ 40%");
            assertThat(api.requests).hasSize(2);
        }
    }

    /** How many frames top has drawn so far (each starts by clearing the screen). */
    private static int frames(StringWriter out) {
        return out.toString().split(java.util.regex.Pattern.quote(TopCommand.CLEAR_SCREEN), -1).length - 1;
    }
}
