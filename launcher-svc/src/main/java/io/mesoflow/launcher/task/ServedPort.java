package io.mesoflow.launcher.task;

import io.mesoflow.events.Role;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskPlacement;
import java.util.OptionalInt;

/**
 * The port a task is ready on, the same on every backend: the first of its ports when its role
 * serves one ({@link Role#servesPort()}: the training cluster's members and TensorBoard). Pure.
 */
public final class ServedPort {
    private ServedPort() {
    }

    /** The task's first port when its role serves it; empty for other roles or a task without ports. */
    public static OptionalInt of(TaskPlacement task) {
        boolean serves = !task.ports().isEmpty()
                && TaskName.tryParse(task.taskName()).map(n -> n.role().servesPort()).orElse(false);
        return serves ? OptionalInt.of(task.ports().get(0)) : OptionalInt.empty();
    }
}
