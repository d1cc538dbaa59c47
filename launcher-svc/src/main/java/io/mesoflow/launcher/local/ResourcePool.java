package io.mesoflow.launcher.local;

import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One agent's resources: a free pool, offered as slices, taken by tasks and given back when they
 * end. Ports and GPUs are tracked by number, so a task gets exactly the ports placement chose and
 * named GPU devices. Not thread-safe: the owner synchronizes.
 */
public final class ResourcePool {

    /** Resources set aside: an offer, or what one task holds. */
    public record Slice(double cpus, double memMb, double diskMb, TreeSet<Integer> gpus, TreeSet<Integer> ports) {
        public boolean isEmpty() {
            return cpus < 0.01 || memMb < 1;
        }

        public List<PortRange> portRanges() {
            List<PortRange> ranges = new ArrayList<>();
            Integer begin = null;
            Integer prev = null;
            for (int p : ports) {
                if (begin == null) {
                    begin = p;
                } else if (p != prev + 1) {
                    ranges.add(new PortRange(begin, prev));
                    begin = p;
                }
                prev = p;
            }
            if (begin != null) {
                ranges.add(new PortRange(begin, prev));
            }
            return ranges;
        }
    }

    private Slice free;

    /** This host as configured: declared resources, or what the machine has (GPUs from nvidia-smi). */
    public static ResourcePool ofThisHost(io.mesoflow.launcher.LauncherConfig.Local local) {
        int gpus = local.gpus().orElseGet(GpuDetector::detect);
        double cpus = local.cpus().orElse((double) Runtime.getRuntime().availableProcessors());
        double mem = local.memMb().orElseGet(ResourcePool::hostMemoryMb);
        String[] range = local.ports().split("-");
        return new ResourcePool(cpus, mem, local.diskMb(), gpus,
                new PortRange(Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim())));
    }

    private static double hostMemoryMb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(512, sun.getTotalMemorySize() / (1024.0 * 1024.0) - 1024);
        }
        return 4096;
    }

    public ResourcePool(double cpus, double memMb, double diskMb, int gpus, PortRange ports) {
        TreeSet<Integer> gpuIds = new TreeSet<>();
        for (int i = 0; i < gpus; i++) {
            gpuIds.add(i);
        }
        TreeSet<Integer> portSet = new TreeSet<>();
        for (int p = ports.begin(); p <= ports.end(); p++) {
            portSet.add(p);
        }
        this.free = new Slice(cpus, memMb, diskMb, gpuIds, portSet);
    }

    /** Takes everything free as one slice (to offer it); the pool is then empty. */
    public Slice takeAll() {
        Slice all = free;
        free = new Slice(0, 0, 0, new TreeSet<>(), new TreeSet<>());
        return all;
    }

    public Slice free() {
        return free;
    }

    /** Gives a slice back to the free pool. */
    public void give(Slice slice) {
        TreeSet<Integer> gpus = new TreeSet<>(free.gpus());
        gpus.addAll(slice.gpus());
        TreeSet<Integer> ports = new TreeSet<>(free.ports());
        ports.addAll(slice.ports());
        free = new Slice(free.cpus() + slice.cpus(), free.memMb() + slice.memMb(), free.diskMb() + slice.diskMb(),
                gpus, ports);
    }

    /**
     * Takes exactly what an adopted task holds (its resources, ports and GPU devices) out of the
     * free pool. What is not free any more (the agent was configured smaller) is taken as far as it goes.
     */
    public Slice reserve(Resources resources, List<Integer> ports, List<Integer> gpus) {
        TreeSet<Integer> freeGpus = new TreeSet<>(free.gpus());
        freeGpus.removeAll(gpus);
        TreeSet<Integer> freePorts = new TreeSet<>(free.ports());
        freePorts.removeAll(ports);
        free = new Slice(Math.max(0, free.cpus() - resources.cpus()), Math.max(0, free.memMb() - resources.memMb()),
                Math.max(0, free.diskMb() - resources.diskMb()), freeGpus, freePorts);
        return new Slice(resources.cpus(), resources.memMb(), resources.diskMb(), new TreeSet<>(gpus),
                new TreeSet<>(ports));
    }

    /** Merges slices (several offers accepted together). */
    public static Slice merge(List<Slice> slices) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        TreeSet<Integer> gpus = new TreeSet<>();
        TreeSet<Integer> ports = new TreeSet<>();
        for (Slice s : slices) {
            cpus += s.cpus();
            mem += s.memMb();
            disk += s.diskMb();
            gpus.addAll(s.gpus());
            ports.addAll(s.ports());
        }
        return new Slice(cpus, mem, disk, gpus, ports);
    }

    /** A task's share carved out of a slice, and what the slice keeps. */
    public record Carved(Slice task, Slice rest) {
    }

    /**
     * Carves a task's share out of {@code from}: its scalar resources, the exact {@code ports} and
     * the lowest free GPUs. Throws when the task does not fit.
     */
    public static Carved carve(Slice from, Resources resources, List<Integer> ports) {
        if (from.cpus() + 1e-9 < resources.cpus() || from.memMb() + 1e-9 < resources.memMb()
                || from.diskMb() + 1e-9 < resources.diskMb() || from.gpus().size() < resources.gpus()) {
            throw new IllegalArgumentException("task needs more than the offers hold");
        }
        if (!from.ports().containsAll(ports)) {
            throw new IllegalArgumentException("ports " + ports + " are not in the offers");
        }
        TreeSet<Integer> gpus = new TreeSet<>(from.gpus().stream().limit(resources.gpus()).toList());
        TreeSet<Integer> taskPorts = new TreeSet<>(ports);
        TreeSet<Integer> restGpus = new TreeSet<>(from.gpus());
        restGpus.removeAll(gpus);
        TreeSet<Integer> restPorts = new TreeSet<>(from.ports());
        restPorts.removeAll(taskPorts);
        Slice rest = new Slice(from.cpus() - resources.cpus(), from.memMb() - resources.memMb(),
                from.diskMb() - resources.diskMb(), restGpus, restPorts);
        return new Carved(new Slice(resources.cpus(), resources.memMb(), resources.diskMb(), gpus, taskPorts), rest);
    }
}
