package io.mesoflow.placement.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents a placement round places jobs on, indexed once for the whole round: in the given
 * order (ties between equally good agents go to the earlier one) and sorted by free resources the
 * way the round's {@link GangPlacer.Strategy} prefers them (fullest first for PACK, emptiest first
 * for SPREAD), so the placer finds a task's agent by walking from the first that can fit instead
 * of scanning every agent for every task. A placed job's agents leave the pool
 * ({@link #remove}); the agents themselves are never changed. Not thread-safe.
 */
public final class AgentPool {
    private final GangPlacer.Strategy strategy;
    private AgentCapacity[] agents;
    private boolean[] removed;
    private int[] sorted;
    private int[] sortedGpus;
    private double[] sortedCpus;
    private Map<String, Integer> positions;
    private int live;
    private int firstLive;

    public AgentPool(Collection<AgentCapacity> agents, GangPlacer.Strategy strategy) {
        this(agents, strategy, true);
    }

    private AgentPool(Collection<AgentCapacity> agents, GangPlacer.Strategy strategy, boolean sort) {
        this.strategy = strategy;
        AgentCapacity[] given = agents.toArray(new AgentCapacity[0]);
        if (sort) {
            index(given);
        } else {
            this.agents = given;
            this.removed = new boolean[given.length];
            this.live = given.length;
        }
    }

    /** The agents for one placement only: not sorted (a scan is cheaper than a sort then) and never removed from. */
    static AgentPool unsorted(Collection<AgentCapacity> agents) {
        return new AgentPool(agents, GangPlacer.Strategy.PACK, false);
    }

    private void index(AgentCapacity[] given) {
        agents = given;
        removed = new boolean[given.length];
        live = given.length;
        firstLive = 0;
        positions = new HashMap<>(given.length * 2);
        for (int p = 0; p < given.length; p++) {
            positions.put(given[p].agentId(), p);
        }
        Comparator<Integer> byFree = Comparator.<Integer>comparingInt(p -> given[p].gpus())
                .thenComparingDouble(p -> given[p].cpus()).thenComparingDouble(p -> given[p].memMb());
        Comparator<Integer> order = (strategy == GangPlacer.Strategy.PACK ? byFree : byFree.reversed())
                .thenComparingInt(p -> p);
        List<Integer> all = new ArrayList<>(given.length);
        for (int p = 0; p < given.length; p++) {
            all.add(p);
        }
        all.sort(order);
        sorted = new int[given.length];
        sortedGpus = new int[given.length];
        sortedCpus = new double[given.length];
        for (int k = 0; k < sorted.length; k++) {
            sorted[k] = all.get(k);
            sortedGpus[k] = given[sorted[k]].gpus();
            sortedCpus[k] = given[sorted[k]].cpus();
        }
    }

    /** Takes an agent out of the pool (a placed job uses it); unknown ids are ignored. */
    public void remove(String agentId) {
        if (sorted == null) {
            throw new IllegalStateException("an unsorted pool is for one placement only");
        }
        Integer p = positions.get(agentId);
        if (p == null || removed[p]) {
            return;
        }
        removed[p] = true;
        live--;
        while (firstLive < sorted.length && removed[sorted[firstLive]]) {
            firstLive++;
        }
        if (live < agents.length / 2 && agents.length > 64) {
            compact();
        }
    }

    /**
     * Puts {@code rest} in the place of an agent of the pool (a placed job accepted some of its offers
     * and the others stay held): same position, so ties go as before, and re-sorted by what it has
     * now. An agent not in the pool, or removed, is left alone.
     */
    public void replace(String agentId, AgentCapacity rest) {
        if (sorted == null) {
            throw new IllegalStateException("an unsorted pool is for one placement only");
        }
        Integer p = positions.get(agentId);
        if (p == null || removed[p]) {
            return;
        }
        int from = sortedIndex(p, agents[p]);
        System.arraycopy(sorted, from + 1, sorted, from, sorted.length - from - 1);
        System.arraycopy(sortedGpus, from + 1, sortedGpus, from, sorted.length - from - 1);
        System.arraycopy(sortedCpus, from + 1, sortedCpus, from, sorted.length - from - 1);
        agents[p] = rest;
        int to = insertionIndex(p, rest, sorted.length - 1);
        System.arraycopy(sorted, to, sorted, to + 1, sorted.length - to - 1);
        System.arraycopy(sortedGpus, to, sortedGpus, to + 1, sorted.length - to - 1);
        System.arraycopy(sortedCpus, to, sortedCpus, to + 1, sorted.length - to - 1);
        sorted[to] = p;
        sortedGpus[to] = rest.gpus();
        sortedCpus[to] = rest.cpus();
        firstLive = 0;
        while (firstLive < sorted.length && removed[sorted[firstLive]]) {
            firstLive++;
        }
    }

    /** Where position {@code p}, holding {@code agent}, is in {@link #sorted}. */
    private int sortedIndex(int p, AgentCapacity agent) {
        int k = insertionIndex(p, agent, sorted.length);
        if (k >= sorted.length || sorted[k] != p) {
            throw new IllegalStateException("agent position " + p + " is not where its order puts it");
        }
        return k;
    }

    /** The first index among the first {@code length} of {@link #sorted} that does not come before {@code p}. */
    private int insertionIndex(int p, AgentCapacity agent, int length) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(sorted[mid], p, agent) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The pool's order between position {@code q} and position {@code p} holding {@code agent}. */
    private int compare(int q, int p, AgentCapacity agent) {
        AgentCapacity other = agents[q];
        int byFree = Integer.compare(other.gpus(), agent.gpus());
        if (byFree == 0) {
            byFree = Double.compare(other.cpus(), agent.cpus());
        }
        if (byFree == 0) {
            byFree = Double.compare(other.memMb(), agent.memMb());
        }
        if (strategy != GangPlacer.Strategy.PACK) {
            byFree = -byFree;
        }
        return byFree != 0 ? byFree : Integer.compare(q, p);
    }

    /** Drops the removed agents from the arrays (the order of the rest stays), so walks skip few. */
    private void compact() {
        AgentCapacity[] kept = new AgentCapacity[live];
        int k = 0;
        for (int p = 0; p < agents.length; p++) {
            if (!removed[p]) {
                kept[k++] = agents[p];
            }
        }
        index(kept);
    }

    public int size() {
        return live;
    }

    public boolean isEmpty() {
        return live == 0;
    }

    GangPlacer.Strategy strategy() {
        return strategy;
    }

    /** Positions run from 0 to {@code positions() - 1}, in the given order; some are removed. */
    int positions() {
        return agents.length;
    }

    AgentCapacity at(int position) {
        return agents[position];
    }

    boolean removed(int position) {
        return removed[position];
    }

    /** The positions in the strategy's order of preference (removed ones included); null when not sorted. */
    int[] sorted() {
        return sorted;
    }

    /**
     * Where a walk in {@link #sorted} order for a task needing {@code gpus} and {@code cpus} can
     * start: under PACK, every agent before it has fewer GPUs, or as many and fewer CPUs, so none
     * of them fits; under SPREAD, the first live agent.
     */
    int walkStart(int gpus, double cpus) {
        if (strategy != GangPlacer.Strategy.PACK) {
            return firstLive;
        }
        int lo = firstLive;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedGpus[mid] > gpus || (sortedGpus[mid] == gpus && sortedCpus[mid] + 1e-9 >= cpus)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
