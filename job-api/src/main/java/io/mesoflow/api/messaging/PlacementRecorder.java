package io.mesoflow.api.messaging;

import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.TaskTfConfigEntity;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TasksPlacedTogether;
import io.mesoflow.service.EventInbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps each task attempt's {@code TF_CONFIG} from placement's {@code TasksPlaced}
 * ({@code mesoflow.placements}; each of the jobs a {@code TasksPlacedTogether} carries likewise), so the task view shows it while the attempt runs and after it
 * ended. Idempotent: a placement seen again rewrites the same rows.
 */
@ApplicationScoped
public class PlacementRecorder {
    @Inject
    EventInbox inbox;

    @Incoming("placements")
    @Blocking
    public CompletionStage<Void> onPlacement(Message<String> message) {
        return inbox.inTransaction(message, this::record);
    }

    void record(MesoflowEvent event) {
        if (event instanceof TasksPlaced placed) {
            record(placed);
        } else if (event instanceof TasksPlacedTogether together) {
            together.placements().forEach(this::record); // each job as if placed alone
        }
    }

    private void record(TasksPlaced placed) {
        if (JobEntity.findById(placed.jobId()) == null) {
            return;
        }
        for (TaskPlacement task : placed.tasks()) {
            tfConfigJson(task).ifPresent(json -> store(placed, task, json));
        }
    }

    private static void store(TasksPlaced placed, TaskPlacement task, String json) {
        TaskTfConfigEntity row = TaskTfConfigEntity.<TaskTfConfigEntity>find(
                "jobId = ?1 and taskName = ?2 and attempt = ?3", placed.jobId(), task.taskName(), task.attempt())
                .firstResult();
        if (row == null) {
            row = new TaskTfConfigEntity();
            row.jobId = placed.jobId();
            row.taskName = task.taskName();
            row.attempt = task.attempt();
        }
        row.tfConfig = json;
        row.placedAt = placed.placedAt();
        row.persist();
    }

    /**
     * The TF_CONFIG a placement gives the task, as JSON: the typed {@code launch.tfConfig}, or in
     * records from before it the {@code TF_CONFIG} variable of {@code launch.env}; empty for a task
     * that gets none (TensorBoard).
     */
    static Optional<String> tfConfigJson(TaskPlacement task) {
        if (task.launch().tfConfig() != null) {
            return Optional.of(task.launch().tfConfig().toJson());
        }
        return Optional.ofNullable(task.launch().env().get("TF_CONFIG")).filter(json -> !json.isBlank());
    }
}
