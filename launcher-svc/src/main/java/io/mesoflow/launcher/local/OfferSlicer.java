package io.mesoflow.launcher.local;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How the local agent offers what is free: as several offers of about {@code sliceCpus} CPUs each,
 * as a Mesos agent's resources come back in several offers, so placement can give each small job
 * the offers it needs and place the next job on the others at once, instead of one job per offer
 * cycle. The CPUs, memory and disk are shared equally (CPUs to the thousandth, as Mesos counts
 * them; memory and disk to the MB; the last slice takes the remainder); every GPU and every port
 * goes to exactly one slice, spread evenly in order. Never more slices than ports (a task needs
 * one) nor slices under 0.01 CPUs; {@code sliceCpus} of 0, or less than two slices' worth, offers
 * everything as one. Pure.
 */
final class OfferSlicer {
    private static final double MIN_CPUS = 0.01;

    private OfferSlicer() {
    }

    static List<ResourcePool.Slice> split(ResourcePool.Slice free, double sliceCpus) {
        int k = sliceCpus <= 0 ? 1 : (int) Math.floor(free.cpus() / Math.max(sliceCpus, MIN_CPUS) + 1e-9);
        k = Math.min(k, free.ports().size());
        k = Math.min(k, (int) Math.floor(free.memMb()));
        if (k <= 1) {
            return List.of(free);
        }
        double cpus = Math.floor(free.cpus() / k * 1000) / 1000;
        double mem = Math.floor(free.memMb() / k);
        double disk = Math.floor(free.diskMb() / k);
        List<Integer> gpus = new ArrayList<>(free.gpus());
        List<Integer> ports = new ArrayList<>(free.ports());
        List<ResourcePool.Slice> slices = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            boolean last = i == k - 1;
            slices.add(new ResourcePool.Slice(last ? free.cpus() - cpus * (k - 1) : cpus,
                    last ? free.memMb() - mem * (k - 1) : mem, last ? free.diskMb() - disk * (k - 1) : disk,
                    share(gpus, i, k), share(ports, i, k)));
        }
        return slices;
    }

    /** The {@code i}-th of {@code k} even, contiguous shares of {@code all}. */
    private static TreeSet<Integer> share(List<Integer> all, int i, int k) {
        int from = (int) ((long) i * all.size() / k);
        int to = (int) ((long) (i + 1) * all.size() / k);
        return new TreeSet<>(all.subList(from, to));
    }
}
