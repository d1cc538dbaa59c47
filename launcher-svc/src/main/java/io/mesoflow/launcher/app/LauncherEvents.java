package io.mesoflow.launcher.app;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchesRequestedTogether;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.ReviveOffersRequested;
import io.mesoflow.events.SuppressOffersRequested;
import io.mesoflow.launcher.ClusterBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** What the leader does with each record {@link LeaderConsumer} reads: the backend carries it out. */
@ApplicationScoped
public class LauncherEvents {
    @Inject
    ActiveBackend active;

    /** Launch requests read together, in order ({@link ClusterBackend#launchAll}). */
    void launchAll(List<LaunchRequested> requests) {
        active.get().launchAll(requests);
    }

    void carryOut(MesoflowEvent event) {
        ClusterBackend backend = active.get();
        if (event instanceof LaunchRequested launch) {
            backend.launch(launch);
        } else if (event instanceof LaunchesRequestedTogether together) {
            backend.launchTogether(together);
        } else if (event instanceof KillTaskRequested kill) {
            backend.kill(kill);
        } else if (event instanceof DeclineOfferRequested decline) {
            backend.decline(decline);
        } else if (event instanceof ReviveOffersRequested) {
            backend.revive();
        } else if (event instanceof SuppressOffersRequested) {
            backend.suppress();
        }
    }
}
