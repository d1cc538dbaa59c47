package io.mesoflow.launcher;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses to start with a backend this build does not have, instead of silently running none. */
@ApplicationScoped
public class BackendCheck {
    void check(@Observes StartupEvent event, LauncherConfig config) {
        if (!"local".equals(config.backend())) {
            throw new IllegalStateException("mesoflow.launcher.backend=" + config.backend()
                    + " is not available in this build; use 'local'");
        }
    }
}
