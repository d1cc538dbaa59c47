package io.mesoflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.events.EventCodec;
import java.time.Instant;
import java.util.Map;

/**
 * A job's latest training progress as the API shows it. {@code scalars} is left out of job lists;
 * {@code gpuHours} is as of {@code observedAt} (when the reading was recorded).
 */
public record ProgressView(String task, int attempt, String source, long step, Long totalSteps, Double fraction,
                           Double stepsPerSecond, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> scalars,
                           Long checkpointStep, Instant checkpointAt, Instant observedAt, Instant finishEta,
                           GpuHours gpuHours) {
    private static final TypeReference<Map<String, Double>> SCALARS = new TypeReference<>() {
    };

    /**
     * @param used          GPU-hours the job used so far
     * @param projected     used plus its GPUs until its finish ETA; null when that ETA is unknown
     * @param teamRemaining what its team has left of its GPU-hour budget in the window; null: no budget
     * @param warning       a sentence while the job is projected to exhaust that budget, else null
     */
    public record GpuHours(Double used, Double projected, Double teamRemaining, String warning) {
    }

    /** The full view (a job's page, its progress); null before the first reading. */
    static ProgressView of(JobProgressEntity row) {
        return of(row, true);
    }

    /** The view in a job list: no scalars. */
    static ProgressView summary(JobProgressEntity row) {
        return of(row, false);
    }

    private static ProgressView of(JobProgressEntity row, boolean withScalars) {
        if (row == null) {
            return null;
        }
        Double fraction = row.totalSteps == null || row.totalSteps <= 0 ? null
                : Math.min(1.0, Math.max(0.0, (double) row.step / row.totalSteps));
        return new ProgressView(row.taskName, row.attempt, row.source, row.step, row.totalSteps, fraction,
                row.stepsPerSecond, withScalars ? scalars(row.scalars) : null, row.checkpointStep, row.checkpointAt,
                row.observedAt, row.finishEta, new GpuHours(round(row.gpuHoursUsed), round(row.gpuHoursProjected),
                        round(row.teamRemainingHours), row.budgetWarning));
    }

    private static Map<String, Double> scalars(String json) {
        try {
            return EventCodec.mapper().readValue(json, SCALARS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** GPU-hours to the nearest thousandth (3.6 s of one GPU). */
    static Double round(Double hours) {
        return hours == null ? null : Math.round(hours * 1000) / 1000.0;
    }
}
