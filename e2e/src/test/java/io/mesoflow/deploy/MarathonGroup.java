package io.mesoflow.deploy;

import java.util.List;
import java.util.Map;

/**
 * The part of Marathon's app and group definitions (REST API v2, {@code PUT /v2/groups}) that
 * MesoFlow's app group uses. Read with unknown fields rejected, so a misspelt or invented field in
 * {@code deploy/marathon/mesoflow-group.json} fails the build instead of being ignored by Marathon.
 */
public record MarathonGroup(String id, List<App> apps) {

    public record App(String id, int instances, double cpus, double mem, double disk, Container container,
                      List<Network> networks, List<PortDefinition> portDefinitions, Map<String, Object> env,
                      Map<String, SecretSource> secrets, List<Volume> volumes, List<HealthCheck> healthChecks,
                      List<List<String>> constraints, UpgradeStrategy upgradeStrategy,
                      UnreachableStrategy unreachableStrategy, List<String> dependencies, Map<String, String> labels) {
        public App {
            volumes = volumes == null ? List.of() : volumes;
            secrets = secrets == null ? Map.of() : secrets;
            dependencies = dependencies == null ? List.of() : dependencies;
        }
    }

    public record Container(String type, Docker docker) {
    }

    public record Docker(String image, boolean forcePullImage) {
    }

    public record Network(String mode) {
    }

    public record PortDefinition(int port, String protocol, String name, Map<String, String> labels) {
    }

    public record SecretSource(String source) {
    }

    public record Volume(String containerPath, String secret) {
    }

    public record HealthCheck(String protocol, String path, int portIndex, int gracePeriodSeconds, int intervalSeconds,
                              int timeoutSeconds, int maxConsecutiveFailures, int delaySeconds) {
    }

    public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
    }

    public record UnreachableStrategy(int inactiveAfterSeconds, int expungeAfterSeconds) {
    }
}
