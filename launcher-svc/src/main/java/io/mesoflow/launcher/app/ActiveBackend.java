package io.mesoflow.launcher.app;

import io.mesoflow.launcher.ClusterBackend;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.leader.Leadership;
import io.mesoflow.launcher.local.LocalBackend;
import io.mesoflow.launcher.mesos.MesosBackend;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The backend {@code mesoflow.launcher.backend} names: {@code local} (default) or {@code mesos};
 * anything else stops start-up. It takes over first when this launcher becomes the leader.
 */
@ApplicationScoped
public class ActiveBackend implements Leadership {
    @Inject
    LauncherConfig config;

    @Inject
    LocalBackend local;

    @Inject
    MesosBackend mesos;

    public ClusterBackend get() {
        return switch (config.backend()) {
            case "local" -> local;
            case "mesos" -> mesos;
            default -> throw new IllegalStateException("mesoflow.launcher.backend=" + config.backend()
                    + " is not a backend; use local or mesos");
        };
    }

    void check(@Observes StartupEvent event) {
        get();
    }

    @Override
    public void takeOver() {
        get().takeOver();
    }

    @Override
    public void stepDown() {
        get().stepDown();
    }

    @Override
    public void shutDown() {
        get().shutDown();
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public String toString() {
        return config.backend() + " backend";
    }
}
