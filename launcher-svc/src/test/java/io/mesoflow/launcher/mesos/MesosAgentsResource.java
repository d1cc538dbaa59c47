package io.mesoflow.launcher.mesos;

import io.mesoflow.testing.mesos.AgentSpec;
import io.mesoflow.testing.mesos.MesosMasterSimulator;
import io.mesoflow.testing.mesos.SimulatedAgent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A simulated master with two agents of 1 cpu that run tasks as processes (only agent-b has the
 * {@code volume/secret} isolator); the launcher on the mesos backend.
 */
public class MesosAgentsResource implements QuarkusTestResourceLifecycleManager {
    public static MesosMasterSimulator master;
    public static SimulatedAgent agentA;
    public static SimulatedAgent agentB;
    public static Path keyDir;

    @Override
    public Map<String, String> start() {
        try {
            Path work = Path.of("target/mesos-agents").toAbsolutePath();
            master = new MesosMasterSimulator(0.5);
            agentA = master.addAgent(AgentSpec.of("agent-a", "127.0.0.2", work).withResources(1, 2048, 1000)
                    .withPorts(36000, 36009));
            agentB = master.addAgent(AgentSpec.of("agent-b", "127.0.0.3", work).withResources(1, 2048, 1000)
                    .withPorts(36010, 36019).withSecretVolumes(true));
            keyDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "mesos-keys");
            return Map.of(
                    "mesoflow.launcher.backend", "mesos",
                    "mesoflow.launcher.mesos.master", master.url(),
                    "mesoflow.launcher.mesos.role", "ml",
                    "mesoflow.launcher.mesos.missed-heartbeats", "3",
                    "mesoflow.launcher.mesos.reconnect-initial", "200ms",
                    "mesoflow.launcher.mesos.reconnect-max", "1s",
                    "mesoflow.launcher.mesos.kill-retry-initial", "1s",
                    "mesoflow.launcher.sealing.key-dir", keyDir.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        master.close();
    }
}
