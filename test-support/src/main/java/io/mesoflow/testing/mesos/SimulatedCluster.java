package io.mesoflow.testing.mesos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A master with simulated agents, for end-to-end tests and demos. Agent {@code i} (from 1) is
 * {@code agent-i} on hostname {@code 127.0.0.<i+1>} with 4 cpus, 8192 MB, 100000 MB disk and
 * ports {@code 31000+1000*(i-1)} to {@code +999}; the GPU agents come last and declare
 * {@code gpus: 1} and the {@code volume/secret} isolator. Run it by hand with
 * {@code java -cp ... io.mesoflow.testing.mesos.SimulatedCluster --port 5050 --agents 3 --gpu-agents 1 --work-dir DIR}
 * ({@code --agents} counts all agents, {@code --gpu-agents} how many of them have a GPU).
 */
public final class SimulatedCluster implements AutoCloseable {
    private final MesosMasterSimulator master;
    private final List<SimulatedAgent> agents;

    private SimulatedCluster(MesosMasterSimulator master, List<SimulatedAgent> agents) {
        this.master = master;
        this.agents = List.copyOf(agents);
    }

    /** {@code cpuAgents} agents without GPU, then {@code gpuAgents} with one; a real master's 15 s heartbeat. */
    public static SimulatedCluster start(Path workDir, int cpuAgents, int gpuAgents) throws IOException {
        return start(workDir, cpuAgents, gpuAgents, 15, 0);
    }

    public static SimulatedCluster start(Path workDir, int cpuAgents, int gpuAgents, double heartbeatSeconds, int port)
            throws IOException {
        return start(workDir, cpuAgents, gpuAgents, heartbeatSeconds, port, 4);
    }

    /** As above, each agent declaring {@code cpus} (small agents make a job span several). */
    public static SimulatedCluster start(Path workDir, int cpuAgents, int gpuAgents, double heartbeatSeconds, int port,
                                         double cpus) throws IOException {
        Files.createDirectories(workDir);
        MesosMasterSimulator master = new MesosMasterSimulator(heartbeatSeconds, port);
        List<SimulatedAgent> agents = new ArrayList<>();
        try {
            for (int i = 1; i <= cpuAgents + gpuAgents; i++) {
                boolean gpu = i > cpuAgents;
                AgentSpec spec = AgentSpec.of("agent-" + i, "127.0.0." + (i + 1), workDir)
                        .withPorts(31000 + 1000 * (i - 1), 31000 + 1000 * (i - 1) + 999)
                        .withAttributes(Map.of("rack", "rack-" + i))
                        .withGpus(gpu ? 1 : 0).withSecretVolumes(gpu);
                spec = spec.withResources(cpus, spec.memMb(), spec.diskMb());
                agents.add(master.addAgent(spec));
            }
        } catch (IOException | RuntimeException e) {
            master.close();
            throw e;
        }
        return new SimulatedCluster(master, agents);
    }

    public MesosMasterSimulator master() {
        return master;
    }

    /** Every agent started (including any that failed since). */
    public List<SimulatedAgent> agents() {
        return agents;
    }

    @Override
    public void close() {
        master.close();
    }

    public static void main(String[] args) throws Exception {
        int port = 5050;
        int total = 3;
        int gpus = 1;
        Path workDir = Path.of("target", "mesos-sim");
        double heartbeat = 15;
        double cpus = 4;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--agents" -> total = Integer.parseInt(args[i + 1]);
                case "--gpu-agents" -> gpus = Integer.parseInt(args[i + 1]);
                case "--work-dir" -> workDir = Path.of(args[i + 1]);
                case "--heartbeat" -> heartbeat = Double.parseDouble(args[i + 1]);
                case "--cpus" -> cpus = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --port, --agents, --gpu-agents, --cpus, --work-dir, --heartbeat)");
            }
        }
        if (gpus > total) {
            throw new IllegalArgumentException("--gpu-agents " + gpus + " is more than --agents " + total);
        }
        SimulatedCluster cluster = start(workDir.toAbsolutePath(), total - gpus, gpus, heartbeat, port, cpus);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "mesos-sim-shutdown"));
        System.out.println("Mesos master simulator at " + cluster.master().url());
        for (SimulatedAgent a : cluster.agents()) {
            System.out.println("  agent " + a.id() + " at " + a.url() + " " + a.spec().resources()
                    + (a.spec().secretVolumes() ? " (secret volumes)" : ""));
        }
        System.out.flush();
        Thread.currentThread().join();
    }
}
