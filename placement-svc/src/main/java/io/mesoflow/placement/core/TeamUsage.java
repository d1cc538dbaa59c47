package io.mesoflow.placement.core;

/** What a team holds now (its placed, unfinished tasks) and the GPU-hours it used in its budget window. */
public record TeamUsage(double cpus, double memMb, int gpus, double gpuHours) {
    public static final TeamUsage NONE = new TeamUsage(0, 0, 0, 0);

    public TeamUsage plus(double moreCpus, double moreMemMb, int moreGpus) {
        return new TeamUsage(cpus + moreCpus, memMb + moreMemMb, gpus + moreGpus, gpuHours);
    }
}
