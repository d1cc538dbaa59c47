package io.mesoflow.placement.core;

import java.util.Collection;

/**
 * The agents as one placement being tried sees them: the given agents in their given order, each
 * replaced by its own copy the first time a task takes from it, so the given agents are never
 * changed. An array, not a map keyed by agent id: the placer scans every agent for every task,
 * and a lookup per agent per task was most of a decision's time at 10,000 agents.
 */
final class TrialAgents {
    private final AgentCapacity[] view;
    private final boolean[] copied;

    TrialAgents(Collection<AgentCapacity> agents) {
        this.view = agents.toArray(new AgentCapacity[0]);
        this.copied = new boolean[view.length];
    }

    int size() {
        return view.length;
    }

    /** The agent at {@code index} as the trial sees it now (read only). */
    AgentCapacity get(int index) {
        return view[index];
    }

    /** The agent at {@code index}, copied on first use, to take resources from. */
    AgentCapacity writable(int index) {
        if (!copied[index]) {
            view[index] = view[index].copy();
            copied[index] = true;
        }
        return view[index];
    }
}
