package io.mesoflow.launcher.leader;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness names this launcher's role. A standby is ready too (it is what a failover needs), so
 * an orchestrator keeps both running; {@code role} tells which one acts.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealth implements HealthCheck {
    @Inject
    LeaderElector elector;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("launcher-leadership").up()
                .withData("role", elector.acting() ? "leader" : "standby")
                .withData("instance", String.valueOf(elector.instanceId()))
                .withData("epoch", elector.acting() ? elector.epoch() : -1)
                .build();
    }
}
