package io.mesoflow.placement.core;

import java.util.List;

/** What {@link VictimSelector} decided: preempt these gangs, or nothing and why. */
public sealed interface PreemptionOutcome {
    String reason();

    /**
     * @param victims the gangs to suspend, least loss first
     * @param cost    GPU-hours of work since their checkpoints, all together
     */
    record Preempt(List<RunningGang> victims, double cost, String reason) implements PreemptionOutcome {
        public Preempt {
            victims = List.copyOf(victims);
        }
    }

    record NoPreemption(String reason) implements PreemptionOutcome {
    }
}
