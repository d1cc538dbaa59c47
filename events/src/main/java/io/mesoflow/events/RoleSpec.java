package io.mesoflow.events;

import java.util.List;
import java.util.Map;

/**
 * How many tasks of one role a job runs and what each needs.
 *
 * @param count         number of tasks (0 disables the role)
 * @param cpus          CPU shares per task
 * @param memMb         memory per task, MiB
 * @param diskMb        sandbox disk per task, MiB
 * @param gpus          whole GPUs per task
 * @param context       keys that override the job context for this role (JSON null values allowed)
 * @param restartPolicy Always, OnFailure, ExitCode or Never
 * @param constraints   Marathon-style placement constraints, e.g. ["hostname","UNIQUE"]
 */
public record RoleSpec(int count, double cpus, double memMb, double diskMb, int gpus,
                       Map<String, Object> context, String restartPolicy, List<List<String>> constraints) {
    public RoleSpec {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        restartPolicy = restartPolicy == null ? "OnFailure" : restartPolicy;
    }

    public static RoleSpec of(int count, double cpus, double memMb, int gpus) {
        return new RoleSpec(count, cpus, memMb, 0, gpus, Map.of(), null, List.of());
    }
}
