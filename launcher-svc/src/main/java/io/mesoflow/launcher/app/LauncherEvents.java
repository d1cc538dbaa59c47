package io.mesoflow.launcher.app;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.launcher.ClusterBackend;
import io.mesoflow.service.EventInbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Kafka in: launch requests, kills and declines, carried out by the configured backend. */
@ApplicationScoped
public class LauncherEvents {
    @Inject
    EventInbox inbox;

    @Inject
    io.mesoflow.launcher.ActiveBackend active;

    @Incoming("launches")
    @Blocking
    public CompletionStage<Void> onLaunch(Message<String> message) {
        return inbox.handle(message, this::carryOut);
    }

    @Incoming("control")
    @Blocking
    public CompletionStage<Void> onControl(Message<String> message) {
        return inbox.handle(message, this::carryOut);
    }

    void carryOut(MesoflowEvent event) {
        ClusterBackend backend = active.get();
        if (event instanceof LaunchRequested launch) {
            backend.launch(launch);
        } else if (event instanceof KillTaskRequested kill) {
            backend.kill(kill);
        } else if (event instanceof DeclineOfferRequested decline) {
            backend.decline(decline);
        } else if (event instanceof io.mesoflow.events.ReviveOffersRequested) {
            backend.revive();
        } else if (event instanceof io.mesoflow.events.SuppressOffersRequested) {
            backend.suppress();
        }
    }
}
