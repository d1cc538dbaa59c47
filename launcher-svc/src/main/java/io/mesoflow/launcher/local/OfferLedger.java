package io.mesoflow.launcher.local;

import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The local agent's resources as a Mesos master sees them: free, offered (each offer a slice set
 * aside until it is accepted or declined) or withheld under a decline's refusal filter. What is
 * free is offered as several offers ({@link OfferSlicer}); a launch may name several of them (their
 * resources are pooled), and accepting uses up every offer it names: what the tasks leave returns to
 * the pool, to be offered again. Offers it does not name stay outstanding. Suppressed (placement has
 * nothing waiting), declined slices stay withheld past their filter until a revive, so an idle stack
 * does not offer and decline the same resources every few seconds; resources that come back (an
 * accept's leftovers, an ended task's) are still offered once at once, for a job a moment behind them.
 * Pure (time is passed in) and thread-safe, so the offer timer, launches and ending tasks may share it.
 */
final class OfferLedger {

    /** What a launch gets for its tasks: each task's slice, or why none. */
    sealed interface Allocation permits Allocated, Refused {
    }

    /** The tasks' slices, in the order of the tasks, and the offers they used up. */
    record Allocated(List<ResourcePool.Slice> slices, List<String> offerIds) implements Allocation {
    }

    /** Why the launch's tasks cannot run, with the Mesos reason they end LOST with. */
    record Refused(String reason, String message) implements Allocation {
    }

    /** One offer made: its id and what it sets aside. */
    record Offered(String offerId, ResourcePool.Slice slice) {
    }

    private record Withheld(ResourcePool.Slice slice, Instant until) {
    }

    private final String agentId;
    private final ResourcePool pool;
    private final double sliceCpus;
    private final Map<String, ResourcePool.Slice> outstanding = new HashMap<>();
    private final List<Withheld> withheld = new ArrayList<>();
    private boolean suppressed;

    /** A ledger that offers everything free as one offer. */
    OfferLedger(String agentId, ResourcePool pool) {
        this(agentId, pool, 0);
    }

    /** {@code sliceCpus}: the CPUs of each offer ({@link OfferSlicer}); 0 offers everything free as one. */
    OfferLedger(String agentId, ResourcePool pool, double sliceCpus) {
        this.agentId = agentId;
        this.pool = pool;
        this.sliceCpus = sliceCpus;
    }

    /** Sets aside what an adopted task holds, before the first offer. */
    synchronized ResourcePool.Slice reserve(Resources resources, List<Integer> ports, List<Integer> gpus) {
        return pool.reserve(resources, ports, gpus);
    }

    /**
     * Everything free (withheld slices whose filter ran out included, unless suppressed), as offers
     * split by {@link OfferSlicer}, each with an id from {@code newId}; empty when nothing is free.
     */
    synchronized List<Offered> offer(Supplier<String> newId, Instant now) {
        for (Iterator<Withheld> it = withheld.iterator(); it.hasNext() && !suppressed; ) {
            Withheld w = it.next();
            if (!w.until().isAfter(now)) {
                it.remove();
                pool.give(w.slice());
            }
        }
        if (pool.free().isEmpty()) {
            return List.of();
        }
        List<Offered> offered = new ArrayList<>();
        for (ResourcePool.Slice slice : OfferSlicer.split(pool.takeAll(), sliceCpus)) {
            String offerId = newId.get();
            outstanding.put(offerId, slice);
            offered.add(new Offered(offerId, slice));
        }
        return offered;
    }

    /** Offers nobody heard of (recording them failed): their slices are free again. */
    synchronized void withdraw(Collection<String> offerIds) {
        giveBack(offerIds);
    }

    /**
     * Takes the offers the tasks name and carves each task's share, all or nothing: the tasks must be
     * on this agent, their offers outstanding, and fit them together.
     */
    synchronized Allocation allocate(List<TaskPlacement> tasks) {
        for (TaskPlacement task : tasks) {
            if (!task.agentId().equals(agentId)) {
                return new Refused("REASON_INVALID_OFFERS", "REASON_INVALID_OFFERS: agent " + task.agentId()
                        + " is not this local agent");
            }
        }
        List<String> offerIds = offerIdsOf(tasks);
        List<String> unknown = offerIds.stream().filter(id -> !outstanding.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            return new Refused("REASON_INVALID_OFFERS", "REASON_INVALID_OFFERS: offers " + unknown
                    + " are no longer valid");
        }
        ResourcePool.Slice remaining = ResourcePool.merge(offerIds.stream().map(outstanding::get).toList());
        List<ResourcePool.Slice> slices = new ArrayList<>();
        try {
            for (TaskPlacement task : tasks) {
                ResourcePool.Carved carved = ResourcePool.carve(remaining, task.resources(), task.ports());
                slices.add(carved.task());
                remaining = carved.rest();
            }
        } catch (IllegalArgumentException e) {
            return new Refused("REASON_TASK_INVALID", "the tasks do not fit the offers they name: " + e.getMessage());
        }
        offerIds.forEach(outstanding::remove);
        pool.give(remaining);
        return new Allocated(List.copyOf(slices), offerIds);
    }

    /** Offers a launch named but did not use (it failed first): their slices are free again. */
    synchronized void giveBack(Collection<String> offerIds) {
        offerIds.stream().distinct().map(outstanding::remove).filter(Objects::nonNull).forEach(pool::give);
    }

    /**
     * Declines an outstanding offer: its slice is free again at {@code until} (at once when that is
     * not after {@code now}). False when the offer is not outstanding.
     */
    synchronized boolean decline(String offerId, Instant until, Instant now) {
        ResourcePool.Slice slice = outstanding.remove(offerId);
        if (slice == null) {
            return false;
        }
        if (until.isAfter(now)) {
            withheld.add(new Withheld(slice, until));
        } else {
            pool.give(slice);
        }
        return true;
    }

    /** Nothing waits for resources: what declines withhold stays withheld until {@link #revive}. */
    synchronized void suppress() {
        suppressed = true;
    }

    /** Clears every refusal filter and a suppress: what declines withheld is free now. */
    synchronized void revive() {
        suppressed = false;
        withheld.forEach(w -> pool.give(w.slice()));
        withheld.clear();
    }

    /** What an ended task held is free again. */
    synchronized void free(ResourcePool.Slice slice) {
        pool.give(slice);
    }

    /** What is free now (neither offered, withheld nor held by a task). */
    synchronized ResourcePool.Slice free() {
        return pool.free();
    }

    static List<String> offerIdsOf(List<TaskPlacement> tasks) {
        return tasks.stream().flatMap(t -> t.offerIds().stream()).distinct().toList();
    }
}
