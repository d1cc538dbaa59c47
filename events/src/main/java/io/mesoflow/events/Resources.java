package io.mesoflow.events;

/** Scalar resources of one task. */
public record Resources(double cpus, double memMb, double diskMb, int gpus) {
    public static Resources of(RoleSpec role) {
        return new Resources(role.cpus(), role.memMb(), role.diskMb(), role.gpus());
    }
}
