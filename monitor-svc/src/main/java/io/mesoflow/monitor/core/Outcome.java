package io.mesoflow.monitor.core;

import java.util.List;

/** A decision: the job's new runtime picture and the actions to carry out. */
public record Outcome(JobRecord job, List<Action> actions) {
    public Outcome {
        actions = List.copyOf(actions);
    }
}
