package io.mesoflow.placement.core;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.util.List;

/** What one task needs from an agent: scalar resources, a number of ports and its role's constraints. */
public record TaskDemand(TaskName task, Resources resources, int ports, List<Constraint> constraints) {
    public TaskDemand {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    public TaskDemand(TaskName task, Resources resources, int ports) {
        this(task, resources, ports, List.of());
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(fmt(resources.cpus())).append(" cpus, ").append(fmt(resources.memMb())).append(" MB mem");
        if (resources.diskMb() > 0) {
            s.append(", ").append(fmt(resources.diskMb())).append(" MB disk");
        }
        if (resources.gpus() > 0) {
            s.append(", ").append(resources.gpus()).append(resources.gpus() == 1 ? " gpu" : " gpus");
        }
        if (ports > 0) {
            s.append(" and ").append(ports).append(ports == 1 ? " port" : " ports");
        }
        return s.toString();
    }

    static String fmt(double v) {
        double rounded = Math.round(v * 100) / 100.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }
}
