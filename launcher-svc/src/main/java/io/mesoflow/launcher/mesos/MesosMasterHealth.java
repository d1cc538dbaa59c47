package io.mesoflow.launcher.mesos;

import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.leader.LeaderElector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * On the Mesos backend, the leading launcher is ready only while a master answers: DOWN once no
 * master has sent anything (SUBSCRIBED, heartbeat, event) for longer than the missed-heartbeat
 * bound. A standby and the local backend are always UP here.
 */
@Readiness
@ApplicationScoped
public class MesosMasterHealth implements HealthCheck {
    @Inject
    LauncherConfig config;

    @Inject
    LeaderElector elector;

    @Inject
    MesosBackend backend;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mesos-master");
        if (!"mesos".equals(config.backend()) || !elector.acting()) {
            return response.up().withData("checked", false).build();
        }
        Optional<SchedulerConnection> connection = backend.connection();
        if (connection.isEmpty()) {
            return response.up().withData("checked", false).build();
        }
        Duration silence = connection.get().silence();
        Duration bound = connection.get().heartbeatBound();
        response.withData("master", config.mesos().master()).withData("bound_seconds", bound.toSeconds());
        if (silence.compareTo(bound) > 0) {
            return response.down().withData("error", "no Mesos master has answered for " + silence.toSeconds() + " s")
                    .build();
        }
        return response.up().withData("silent_seconds", silence.toSeconds()).build();
    }
}
