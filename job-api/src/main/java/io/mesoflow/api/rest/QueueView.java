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
            return new Item(queued.id(), queued.name(), queued.team(), queued.priority(), JobState.QUEUED,
                    queued.estimate().position(), queued.reason(), queued.submittedAt(),
                    StartEtaView.of(queued.estimate()));
        }
    }
}
