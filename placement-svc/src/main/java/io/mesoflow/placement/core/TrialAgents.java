package io.mesoflow.placement.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents as one placement being tried sees them: the pool's agents, each replaced by its own
 * copy the first time a task takes from it, so the pool's agents are never changed. Lookups are by
 * position in arrays, not by agent id in a map: the placer looks at many agents for every task.
 */
final class TrialAgents {
    private final AgentPool pool;
    private final boolean[] copied;
    private final Map<Integer, AgentCapacity> copies = new HashMap<>();
    private final List<Integer> touched = new ArrayList<>();

    TrialAgents(AgentPool pool) {
        this.pool = pool;
        this.copied = new boolean[pool.positions()];
    }

    AgentPool pool() {
        return pool;
    }

    /** Positions run from 0 to {@code positions() - 1}; see {@link #live}. */
    int positions() {
        return copied.length;
    }

    /** Whether the position holds an agent of the pool (not one a placed job took). */
    boolean live(int position) {
        return !pool.removed(position);
    }

    /** Whether a task of this trial took from the agent already. */
    boolean touched(int position) {
        return copied[position];
    }

    /** The positions of the agents this trial took from, in the order first taken. */
    List<Integer> touched() {
        return touched;
    }

    /** The agent at {@code position} as the trial sees it now (read only). */
    AgentCapacity get(int position) {
        return copied[position] ? copies.get(position) : pool.at(position);
    }

    /** The agent at {@code position}, copied on first use, to take resources from. */
    AgentCapacity writable(int position) {
        if (!copied[position]) {
            copies.put(position, pool.at(position).copy());
            copied[position] = true;
            touched.add(position);
        }
        return copies.get(position);
    }
}
