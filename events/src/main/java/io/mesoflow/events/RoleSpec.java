package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param restartPolicy which ended attempts are relaunched; {@link RestartPolicy#DEFAULT} when missing
 * @param constraints   Marathon-style placement constraints, e.g. ["hostname","UNIQUE"]
 * @param image         a container image for this role's tasks, overriding the job's; null for the job's
 */
public record RoleSpec(int count, double cpus, double memMb, double diskMb, int gpus,
                       Map<String, Object> context, RestartPolicy restartPolicy, List<Constraint> constraints,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String image) {
    public RoleSpec {
        context = context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        restartPolicy = restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
    }

    /** A role spec that runs in the job's image. */
    public RoleSpec(int count, double cpus, double memMb, double diskMb, int gpus, Map<String, Object> context,
                    RestartPolicy restartPolicy, List<Constraint> constraints) {
        this(count, cpus, memMb, diskMb, gpus, context, restartPolicy, constraints, null);
    }

    public static RoleSpec of(int count, double cpus, double memMb, int gpus) {
        return new RoleSpec(count, cpus, memMb, 0, gpus, Map.of(), null, List.of());
    }
}
