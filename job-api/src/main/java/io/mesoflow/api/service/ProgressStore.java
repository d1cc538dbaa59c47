package io.mesoflow.api.service;

import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.eta.FinishEta;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each job's latest progress row (table {@code job_progress}): a reading observed later than the
 * stored one replaces it; an older or equal one (a redelivery, a straggler) changes nothing.
 */
@ApplicationScoped
public class ProgressStore {
    @Inject
    ApiConfig config;

    /** The job's row updated from the reading, locked; null when the reading is not newer. Needs a transaction. */
    public JobProgressEntity newer(JobProgress progress, Instant now) {
        JobProgressEntity row = JobProgressEntity.findById(progress.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (row != null && !progress.observedAt().isAfter(row.observedAt)) {
            return null;
        }
        if (row == null) {
            row = new JobProgressEntity();
            row.jobId = progress.jobId();
        }
        row.taskName = progress.taskName();
        row.attempt = progress.attempt();
        row.source = progress.source().wireName();
        row.step = progress.step();
        row.totalSteps = progress.totalSteps();
        row.stepsPerSecond = progress.stepsPerSecond();
        row.scalars = EventCodec.json(scalars(progress.scalars(), config.progress().maxTagsPerRecord()));
        row.checkpointStep = progress.checkpointStep();
        row.checkpointAt = progress.checkpointAt();
        FinishEta.Estimate eta = FinishEta.estimate(progress.step(), progress.totalSteps(), progress.stepsPerSecond(),
                progress.observedAt());
        row.finishEta = eta.isKnown() ? eta.eta() : progress.finishEta();
        row.finishEtaReason = row.finishEta == null ? eta.reason() : null;
        row.observedAt = progress.observedAt();
        row.recordedAt = now;
        row.persist();
        return row;
    }

    /**
     * At most {@code maxTags} tags by name (those {@link ScalarSeries#keepsTag not kept} skipped: empty,
     * overlong, with control characters); a value that is no finite number is null.
     */
    static Map<String, Double> scalars(Map<String, Double> scalars, int maxTags) {
        Map<String, Double> kept = new TreeMap<>();
        new TreeMap<>(scalars).forEach((tag, value) -> {
            if (kept.size() < maxTags && ScalarSeries.keepsTag(tag)) {
                kept.put(tag, value == null || !Double.isFinite(value) ? null : value);
            }
        });
        return kept;
    }
}
