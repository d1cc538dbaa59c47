package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far a running job's training has come, read by the launcher from what TensorFlow already
 * writes (TensorBoard event files and checkpoints in the output location) or, where it cannot read
 * that, from the progress file in the sandbox of the task that reports (the chief, else worker 0).
 * Topic {@link Topics#PROGRESS}, keyed by job id, at most one per job every few seconds and only
 * when something changed.
 *
 * @param taskName       the task whose progress this is (chief-0 or worker-0)
 * @param step           the latest global step seen
 * @param totalSteps     the step training ends at (context {@code max_steps}, or {@code epochs} x
 *                       {@code steps_per_epoch}, or the spec's {@code progress.totalSteps}); null: unknown
 * @param stepsPerSecond the measured step rate over the last readings; null until two readings
 * @param scalars        the latest value of every scalar (tag to value)
 * @param points         scalar values seen since the previous event, downsampled to a bounded count
 * @param checkpointStep the step of the latest checkpoint; null: none yet
 * @param checkpointAt   when the latest checkpoint was written; null: none yet
 * @param finishEta      when training should reach {@code totalSteps} at the measured rate; null: unknown
 */
public record JobProgress(String jobId, String team, String taskName, int attempt, ProgressSource source,
                          long step, @JsonInclude(JsonInclude.Include.NON_NULL) Long totalSteps,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double stepsPerSecond,
                          Map<String, Double> scalars, List<ScalarPoint> points,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long checkpointStep,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant checkpointAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant finishEta,
                          Instant observedAt) implements MesoflowEvent {
    public JobProgress {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        scalars = scalars == null ? Map.of() : Map.copyOf(scalars);
        points = points == null ? List.of() : List.copyOf(points);
    }

    /** The fraction of training done, 0..1; null when the total is unknown. */
    public Double fractionDone() {
        if (totalSteps == null || totalSteps <= 0) {
            return null;
        }
        return Math.min(1.0, Math.max(0.0, (double) step / totalSteps));
    }

    @Override
    public String key() {
        return jobId;
    }
}
