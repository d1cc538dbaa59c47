package io.mesoflow.e2e;

import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.mesos.AgentSpec;
import io.mesoflow.testing.mesos.MesosMasterSimulator;
import io.mesoflow.testing.mesos.SimulatedAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system with the launcher on the Mesos backend, against a simulated master with three
 * agents on their own loopback addresses: two CPU agents of 1.3 cpus (so the 6-task example must
 * span both) and one GPU agent. One instance of each service.
 */
public final class MesosStack implements AutoCloseable {
    public static final String ROLE = "mesoflow";
    public final MesosMasterSimulator master;
    public final SimulatedAgent cpu1;
    public final SimulatedAgent cpu2;
    public final SimulatedAgent gpu1;
    public final LocalStack stack;
    public final Path agentsDir;

    private MesosStack(Path work) throws IOException {
        agentsDir = work.resolve("agents");
        master = new MesosMasterSimulator(1.0);
        cpu1 = master.addAgent(AgentSpec.of("cpu-1", "127.0.0.2", agentsDir).withResources(1.3, 4096, 20_000)
                .withPorts(26000, 26099));
        cpu2 = master.addAgent(AgentSpec.of("cpu-2", "127.0.0.3", agentsDir).withResources(1.3, 4096, 20_000)
                .withPorts(26100, 26199));
        gpu1 = master.addAgent(AgentSpec.of("gpu-1", "127.0.0.4", agentsDir).withResources(2, 4096, 20_000).withGpus(1)
                .withPorts(26200, 26299).withSecretVolumes(true));
        Map<String, String> settings = new HashMap<>();
        settings.put("mesoflow.launcher.backend", "mesos");
        settings.put("mesoflow.launcher.mesos.master", master.url());
        settings.put("mesoflow.launcher.mesos.role", ROLE);
        settings.put("mesoflow.launcher.mesos.missed-heartbeats", "3");
        settings.put("mesoflow.launcher.mesos.reconnect-initial", "200ms");
        settings.put("mesoflow.launcher.mesos.reconnect-max", "2s");
        settings.put("mesoflow.placement.task-overhead-cpus", "0.1");
        settings.put("mesoflow.placement.task-overhead-mem-mb", "32");
        settings.put("mesoflow.placement.task-overhead-disk-mb", "10");
        settings.put("mesoflow.monitor.initial-backoff", "500ms");
        stack = new LocalStack(LocalStack.repositoryRoot(), work, settings);
    }

    private static MesosStack shared;

    /** One Mesos stack for every test class of a JVM that needs one, started on first use, stopped at exit. */
    public static synchronized MesosStack shared() {
        if (shared == null) {
            shared = start(Path.of("target/e2e-mesos").toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Starts the simulated cluster, then Kafka, PostgreSQL and the five services on it. */
    public static MesosStack start(Path work) {
        try {
            MesosStack mesos = new MesosStack(work);
            mesos.stack.start();
            return mesos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<SimulatedAgent> agents() {
        return List.of(cpu1, cpu2, gpu1);
    }

    @Override
    public void close() {
        stack.close();
        master.close();
    }
}
