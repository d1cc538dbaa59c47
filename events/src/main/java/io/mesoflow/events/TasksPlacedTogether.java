package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * placement-svc placed several jobs in one pass on the same offers of one agent: they share one
 * ACCEPT ({@code mesoflow.placement.jobs-per-accept}). Each placement is the job's
 * {@link TasksPlaced} as a job placed alone would get it (all its tasks on {@code agentId}); the
 * offers the ACCEPT names are every offer their tasks name. One record, so the jobs reach the
 * launcher together or not at all. Topic {@link Topics#PLACEMENTS}, keyed by the agent.
 */
public record TasksPlacedTogether(String agentId, List<TasksPlaced> placements) implements MesoflowEvent {
    public TasksPlacedTogether {
        Objects.requireNonNull(agentId, "agentId");
        placements = placements == null ? List.of() : List.copyOf(placements);
    }

    @Override
    public String key() {
        return agentId;
    }
}
