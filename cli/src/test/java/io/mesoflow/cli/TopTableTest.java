package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopTableTest {
    final TopTable table = new TopTable(new ProgressText(false, ApiBodies.NOW, ZoneId.of("UTC")));

    @Test
    void runningJobsComeFirstThenTheQueueByPosition() throws Exception {
        JsonNode jobs = ApiClient.JSON.readTree(ApiBodies.LIVE_JOBS);
        JsonNode queue = ApiClient.JSON.readTree(ApiBodies.QUEUE).path("jobs");

        List<List<String>> rows = table.rows(jobs, queue, null);

        assertThat(rows).containsExactly(
                List.of("job-1", "mnist", "ml", "RUNNING", "[####------] 40%", "85.2", "in 4m12s (10:04)", "-"),
                List.of("job-3", "bert", "nlp", "LAUNCHING", "-", "-", "-", "-"),
                List.of("job-4", "gan", "nlp", "QUEUED", "#1 in queue", "-", "start in 4m12s (10:04)",
                        "needs 8 gpus, 2 free; waits for job job-1 (finish ETA 10:04)"),
                List.of("job-2", "resnet", "ml", "QUEUED", "#2 in queue", "-", "start unknown",
                        "needs 4 gpus, 2 free; job xyz it waits for reports no progress"));
        assertThat(TopTable.header(rows, ApiBodies.NOW, ZoneId.of("UTC"), 2))
                .isEqualTo("mesoflow top  10:00:00  2 running, 2 queued  (every 2s, Ctrl-C quits)");
    }

    @Test
    void theTeamFilterKeepsOnlyThatTeamsJobs() throws Exception {
        JsonNode jobs = ApiClient.JSON.readTree(ApiBodies.LIVE_JOBS);
        JsonNode queue = ApiClient.JSON.readTree(ApiBodies.QUEUE).path("jobs");

        assertThat(table.rows(jobs, queue, "nlp")).extracting(r -> r.get(0)).containsExactly("job-3", "job-4");
    }

    @Test
    void queuedJobsFromAnOldServerUseTheirQueuePosition() throws Exception {
        JsonNode queued = ApiClient.JSON.readTree("[" + ApiBodies.OLD_SERVER_QUEUED_JOB + "]");

        assertThat(table.rows(ApiClient.JSON.createArrayNode(), queued, null)).containsExactly(
                List.of("job-2", "resnet", "ml", "QUEUED", "#3 in queue", "-", "-", "needs 4 gpus, 2 free"));
    }

    @Test
    void suspendedJobsShowWhoSuspendedThemAndAreCountedApart() throws Exception {
        JsonNode jobs = ApiClient.JSON.readTree("""
                [{"id": "job-5", "name": "vit", "team": "cv", "state": "SUSPENDED", "reason": "preempted",
                  "suspension": {"cause": "preemption", "requestedBy": "job-9"}},
                 {"id": "job-6", "name": "gpt", "team": "cv", "state": "SUSPENDING", "reason": "budget spent",
                  "suspension": {"cause": "budget", "requestedBy": "budget:cv"}},
                 {"id": "job-1", "name": "mnist", "team": "ml", "state": "RUNNING"}]
                """);

        List<List<String>> rows = table.rows(jobs, ApiClient.JSON.createArrayNode(), null);

        assertThat(rows).contains(
                List.of("job-5", "vit", "cv", "SUSPENDED", "by preemption job-9", "-", "-", "preempted"),
                List.of("job-6", "gpt", "cv", "SUSPENDING", "by budget budget:cv", "-", "-", "budget spent"));
        assertThat(TopTable.header(rows, ApiBodies.NOW, ZoneId.of("UTC"), 2))
                .isEqualTo("mesoflow top  10:00:00  1 running, 2 suspended, 0 queued  (every 2s, Ctrl-C quits)");
    }
}
