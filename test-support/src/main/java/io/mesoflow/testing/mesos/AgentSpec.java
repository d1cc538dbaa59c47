package io.mesoflow.testing.mesos;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a simulated agent declares: its id and hostname (a loopback IP such as {@code 127.0.0.2}:
 * Linux routes all of 127/8 to lo, so each agent binds its own address), its resources, text
 * attributes, whether it has the {@code volume/secret} isolator ({@code secretVolumes}), whether it runs
 * container images ({@code images}: {@code --image_providers=docker} with the {@code docker/runtime} and
 * {@code filesystem/linux} isolators), and the work dir its sandboxes go under
 * ({@code <workDir>/slaves/<id>/...}).
 */
public record AgentSpec(String id, String hostname, double cpus, double memMb, double diskMb, int gpus, int portsBegin,
                        int portsEnd, Map<String, String> textAttributes, boolean secretVolumes, boolean images,
                        Path workDir) {
    public AgentSpec {
        textAttributes = Map.copyOf(textAttributes);
    }

    /** 4 cpus, 8192 MB, 100000 MB disk, no GPU, ports 31000-31999, no attributes, no secret volumes, no images. */
    public static AgentSpec of(String id, String hostname, Path workDir) {
        return new AgentSpec(id, hostname, 4, 8192, 100_000, 0, 31000, 31999, Map.of(), false, false, workDir);
    }

    public AgentSpec withResources(double cpus, double memMb, double diskMb) {
        return new AgentSpec(id, hostname, cpus, memMb, diskMb, gpus, portsBegin, portsEnd, textAttributes, secretVolumes,
                images, workDir);
    }

    public AgentSpec withGpus(int n) {
        return new AgentSpec(id, hostname, cpus, memMb, diskMb, n, portsBegin, portsEnd, textAttributes, secretVolumes,
                images, workDir);
    }

    public AgentSpec withPorts(int begin, int end) {
        return new AgentSpec(id, hostname, cpus, memMb, diskMb, gpus, begin, end, textAttributes, secretVolumes, images,
                workDir);
    }

    public AgentSpec withAttributes(Map<String, String> attributes) {
        return new AgentSpec(id, hostname, cpus, memMb, diskMb, gpus, portsBegin, portsEnd, attributes, secretVolumes,
                images, workDir);
    }

    public AgentSpec withSecretVolumes(boolean on) {
        return new AgentSpec(id, hostname, cpus, memMb, diskMb, gpus, portsBegin, portsEnd, textAttributes, on, images,
                workDir);
    }

    /** Whether it runs tasks that name a Docker image (the simulator then runs them on the host all the same). */
    public AgentSpec withImages(boolean on) {
        return new AgentSpec(id, hostname, cpus, memMb, diskMb, gpus, portsBegin, portsEnd, textAttributes, secretVolumes,
                on, workDir);
    }

    /** The agent's total resources. */
    public ResourceBag resources() {
        Map<String, Double> scalars = gpus > 0 ? Map.of("cpus", cpus, "mem", memMb, "disk", diskMb, "gpus", (double) gpus)
                : Map.of("cpus", cpus, "mem", memMb, "disk", diskMb);
        return ResourceBag.of(scalars, portsBegin, portsEnd);
    }
}
