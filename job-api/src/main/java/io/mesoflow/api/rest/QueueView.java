package io.mesoflow.api.rest;

import io.mesoflow.api.service.QueueEstimates;
import io.mesoflow.events.JobState;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/queue}: the queued jobs the caller may see, in placement's order. */
public record QueueView(List<Item> jobs) {
    /** One queued job: {@code position} is its place in the whole queue, {@code reason} placement's. */
    public record Item(String id, String name, String team, int priority, JobState state, int position, String reason,
                       Instant submittedAt, StartEtaView startEta) {
        static Item of(QueueEstimates.QueuedJob queued) {
            return new Item(queued.job().id, queued.job().name, queued.job().team, queued.priority(), queued.job().state,
                    queued.estimate().position(), queued.job().reason, queued.job().submittedAt,
                    StartEtaView.of(queued.estimate()));
        }
    }
}
