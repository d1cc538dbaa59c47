package io.mesoflow.events;

import java.util.List;
import java.util.Objects;

/**
 * secrets-svc resolved the secrets of jobs placed together ({@link TasksPlacedTogether}), each
 * job's on its own (sealed for that job): the launcher carries them out as ONE ACCEPT of the
 * offers their tasks name (Mesos: one ACCEPT call with every job's operations; local: one
 * consumption of the offers). A job whose secrets failed is not among them. Topic
 * {@link Topics#LAUNCHES}, keyed by the agent.
 */
public record LaunchesRequestedTogether(String agentId, List<LaunchRequested> launches) implements MesoflowEvent {
    public LaunchesRequestedTogether {
        Objects.requireNonNull(agentId, "agentId");
        launches = launches == null ? List.of() : List.copyOf(launches);
    }

    @Override
    public String key() {
        return agentId;
    }
}
