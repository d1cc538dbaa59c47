package io.mesoflow.launcher.progress;

import java.util.Collection;
import java.util.Optional;

/**
 * Which task's progress stands for its job's: {@code chief-0} when the job has a chief (it runs the
 * training loop and writes the summaries), else {@code worker-0}; none when the job has neither
 * (e.g. only an evaluator is left).
 */
public final class ReportingTask {
    public static final String CHIEF = "chief-0";
    public static final String WORKER = "worker-0";

    private ReportingTask() {
    }

    /** Among the names of the job's tasks (any attempt, running or not). */
    public static Optional<String> of(Collection<String> taskNames) {
        if (taskNames.stream().anyMatch(n -> n.startsWith("chief-"))) {
            return taskNames.contains(CHIEF) ? Optional.of(CHIEF) : Optional.empty();
        }
        return taskNames.contains(WORKER) ? Optional.of(WORKER) : Optional.empty();
    }
}
