package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * When a QUEUED job should start: its queue position, the ETA (null: unknown) and why (what it
 * waits for, or why the ETA is unknown).
 */
record StartEta(Long position, Instant eta, String reason) {
    /** The {@code startEta} of a job, list item or queue item; null when absent (not queued, or an older server). */
    static StartEta of(JsonNode job) {
        JsonNode s = JsonFields.object(job, "startEta");
        return s == null ? null : new StartEta(JsonFields.whole(s, "position"), JsonFields.instant(s, "eta"),
                JsonFields.text(s, "reason"));
    }
}
