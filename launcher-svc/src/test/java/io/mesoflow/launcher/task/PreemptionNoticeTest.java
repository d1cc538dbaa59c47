package io.mesoflow.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreemptionNoticeTest {
    @Test
    void theNoticeIsJsonWithTheReasonTheGracePeriodAndTheDeadlineInUtc() throws Exception {
        PreemptionNotice notice = PreemptionNotice.at(Instant.parse("2026-12-01T01:00:00.900Z"),
                "preempted by \"urgent\"\n(team-b)", 30);

        JsonNode json = new ObjectMapper().readTree(notice.json());

        assertThat(json.get("reason").asText()).isEqualTo("preempted by \"urgent\"\n(team-b)");
        assertThat(json.get("gracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(json.get("deadline").asText()).isEqualTo("2026-12-01T01:00:30Z");
    }

    @Test
    void everyTaskGetsTheNoticesPathInItsSandbox() {
        TaskEnvironment environment = TaskEnvironment.of("job-1", TaskEnvironments.worker1());

        assertThat(environment.resolve("/sb")).containsEntry("MESOFLOW_PREEMPTION_NOTICE",
                "/sb/.mesoflow-preemption-notice");
    }
}
