package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's training progress as the API reports it ({@code progress} of a job or a list item); every
 * field but {@code step} may be unknown (null).
 *
 * @param scalars the latest value of each scalar tag (empty in list items)
 */
record Progress(String task, String source, long step, Long totalSteps, Double fraction, Double stepsPerSecond,
                Map<String, Double> scalars, Long checkpointStep, Instant checkpointAt, Instant observedAt,
                Instant finishEta, GpuHours gpuHours) {

    /** The job's GPU-hours: used so far, projected, what its team has left, and the budget warning if any. */
    record GpuHours(Double used, Double projected, Double teamRemaining, String warning) {
        static GpuHours of(JsonNode node) {
            return node == null ? null : new GpuHours(JsonFields.number(node, "used"),
                    JsonFields.number(node, "projected"), JsonFields.number(node, "teamRemaining"),
                    JsonFields.text(node, "warning"));
        }
    }

    /**
     * The {@code progress} of a job (or list item); null when the job has reported none yet, and when
     * the server is older than progress reports (no such field).
     */
    static Progress of(JsonNode job) {
        JsonNode p = JsonFields.object(job, "progress");
        Long step = JsonFields.whole(p, "step");
        if (p == null || step == null) {
            return null;
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        JsonNode values = JsonFields.object(p, "scalars");
        if (values != null) {
            values.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    scalars.putIfAbsent(TerminalText.clean(e.getKey()), e.getValue().asDouble());
                }
            });
        }
        return new Progress(JsonFields.text(p, "task"), JsonFields.text(p, "source"), step,
                JsonFields.whole(p, "totalSteps"), JsonFields.number(p, "fraction"),
                JsonFields.number(p, "stepsPerSecond"), Collections.unmodifiableMap(scalars),
                JsonFields.whole(p, "checkpointStep"), JsonFields.instant(p, "checkpointAt"),
                JsonFields.instant(p, "observedAt"), JsonFields.instant(p, "finishEta"),
                GpuHours.of(JsonFields.object(p, "gpuHours")));
    }

    /** How much is done, 0..1: the API's fraction, else step over total; null while the total is unknown. */
    Double done() {
        if (fraction != null && !fraction.isNaN()) {
            return Math.min(1, Math.max(0, fraction));
        }
        if (totalSteps == null || totalSteps <= 0) {
            return null;
        }
        return Math.min(1, Math.max(0, (double) step / totalSteps));
    }
}
