package io.mesoflow.api.messaging;

import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.api.service.GpuBudgetCheck;
import io.mesoflow.api.service.ProgressStore;
import io.mesoflow.api.service.ScalarSeries;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.service.EventInbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Records training progress from the launcher's {@code JobProgress} ({@code mesoflow.progress}):
 * the job's latest reading, its scalar series and its GPU-hour projection (with a budget warning
 * when it is projected over), in one transaction per record. Idempotent: a reading not newer than
 * the stored one is ignored whole. job-api's own {@code GpuBudgetWarning}s on the topic are skipped.
 */
@ApplicationScoped
public class ProgressRecorder {
    @Inject
    EventInbox inbox;

    @Inject
    ProgressStore progress;

    @Inject
    ScalarSeries series;

    @Inject
    GpuBudgetCheck budget;

    @Incoming("progress")
    @Blocking
    public CompletionStage<Void> onProgress(Message<String> message) {
        return inbox.inTransaction(message, this::record);
    }

    void record(MesoflowEvent event) {
        if (!(event instanceof JobProgress reading)) {
            return;
        }
        JobEntity job = JobEntity.findById(reading.jobId());
        if (job == null) {
            return;
        }
        Instant now = Instant.now();
        JobProgressEntity row = progress.newer(reading, now);
        if (row == null) {
            return;
        }
        series.append(job.id, reading.points());
        budget.check(job, row, now);
    }
}
