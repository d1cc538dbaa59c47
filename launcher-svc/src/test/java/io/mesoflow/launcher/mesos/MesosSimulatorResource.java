package io.mesoflow.launcher.mesos;

import io.mesoflow.testing.mesos.MesosMasterSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Two simulated masters (the test may make the first redirect to the second); the launcher runs on the mesos backend. */
public class MesosSimulatorResource implements QuarkusTestResourceLifecycleManager {
    public static MesosMasterSimulator master;
    public static MesosMasterSimulator leader;

    @Override
    public Map<String, String> start() {
        try {
            master = new MesosMasterSimulator(0.5);
            leader = new MesosMasterSimulator(0.5);
            master.requireBasicAuth("mesoflow", "s3cret");
            leader.requireBasicAuth("mesoflow", "s3cret");
            return Map.of(
                    "mesoflow.launcher.backend", "mesos",
                    "mesoflow.launcher.mesos.master", master.url(),
                    "mesoflow.launcher.mesos.role", "ml",
                    "mesoflow.launcher.mesos.principal", "mesoflow",
                    "mesoflow.launcher.mesos.secret", "s3cret",
                    "mesoflow.launcher.mesos.missed-heartbeats", "3",
                    "mesoflow.launcher.mesos.reconcile-interval", "2s",
                    "mesoflow.launcher.mesos.reconnect-initial", "200ms",
                    "mesoflow.launcher.mesos.reconnect-max", "1s",
                    "mesoflow.launcher.sealing.key-dir", Files.createTempDirectory(Files.createDirectories(Path.of("target")), "mesos-keys").toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        master.close();
        leader.close();
    }
}
