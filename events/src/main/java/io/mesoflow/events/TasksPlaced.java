package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * placement-svc placed tasks of a job: all of them (gang) for a new job, or the relaunched ones.
 * Topic {@link Topics#PLACEMENTS}.
 */
public record TasksPlaced(String jobId, int revision, List<TaskPlacement> tasks, Instant placedAt)
        implements MesoflowEvent {
    public TasksPlaced {
        Objects.requireNonNull(jobId, "jobId");
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        Objects.requireNonNull(placedAt, "placedAt");
    }

    @Override
    public String key() {
        return jobId;
    }

    /** The jobs' placements an event carries: itself, each job of a {@link TasksPlacedTogether}, or none. */
    public static List<TasksPlaced> carriedBy(MesoflowEvent event) {
        return event instanceof TasksPlaced placed ? List.of(placed)
                : event instanceof TasksPlacedTogether together ? together.placements() : List.of();
    }
}
