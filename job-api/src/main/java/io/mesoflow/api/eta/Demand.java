package io.mesoflow.api.eta;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;

/** What a whole job holds while it runs: the sum over its tasks of their role's resources. */
public record Demand(double cpus, double memMb, int gpus) {
    public static final Demand NONE = new Demand(0, 0, 0);

    /** Every task of the spec (counts x resources per role, TensorBoard included when it runs). */
    public static Demand of(JobSpec spec) {
        Demand total = NONE;
        for (TaskName task : TaskLayout.tasksOf(spec)) {
            RoleSpec role = spec.role(task.role());
            total = total.plus(new Demand(role.cpus(), role.memMb(), role.gpus()));
        }
        return total;
    }

    public Demand plus(Demand other) {
        return new Demand(cpus + other.cpus, memMb + other.memMb, gpus + other.gpus);
    }

    /** Whether this much, freed, is enough for {@code needed} in every dimension. */
    public boolean covers(Demand needed) {
        return cpus + 1e-9 >= needed.cpus && memMb + 1e-9 >= needed.memMb && gpus >= needed.gpus;
    }
}
