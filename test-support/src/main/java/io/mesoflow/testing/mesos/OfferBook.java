package io.mesoflow.testing.mesos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.Offer;

/**
 * The master's offer books for one framework: outstanding offers, refusal filters and suppressed
 * roles. Pure state, not thread-safe (the master holds its lock); time is passed in as epoch ms.
 * Guarantees: an offer id is usable once ({@link #take}); a filter holds back an agent's resources
 * only while they fit inside what was refused and only until it expires (why: a real allocator's
 * offer filter is "these resources on this agent", so freed resources are offered at once).
 */
public final class OfferBook {
    /** Resources refused on an agent until {@code untilMs}. */
    public record Filter(String agentId, ResourceBag resources, long untilMs) {
    }

    private final Map<String, Offer> outstanding = new LinkedHashMap<>();
    private final Map<String, List<Filter>> filters = new HashMap<>();
    private final Set<String> suppressed = new TreeSet<>();

    public void add(Offer offer) {
        outstanding.put(offer.getId().getValue(), offer);
    }

    /** The outstanding offers by id (a read-only view). */
    public Map<String, Offer> outstanding() {
        return java.util.Collections.unmodifiableMap(outstanding);
    }

    /** Removes the offer (used, declined or rescinded): it is no longer valid. */
    public Optional<Offer> take(String offerId) {
        return Optional.ofNullable(outstanding.remove(offerId));
    }

    /** Removes every outstanding offer, as a master does for a framework that failed over. */
    public List<Offer> clearOffers() {
        List<Offer> all = new ArrayList<>(outstanding.values());
        outstanding.clear();
        return all;
    }

    public List<Offer> offersOf(String agentId) {
        return outstanding.values().stream().filter(o -> o.getAgentId().getValue().equals(agentId)).toList();
    }

    /** What the agent's outstanding offers hold. */
    public ResourceBag offeredOn(String agentId) {
        ResourceBag sum = ResourceBag.empty();
        for (Offer o : offersOf(agentId)) {
            sum = sum.plus(ResourceBag.of(o.getResourcesList()));
        }
        return sum;
    }

    /**
     * Refuses {@code resources} on the agent for {@code seconds}. Why: unused resources of an
     * ACCEPT and declined offers are held back with the call's filter (5 s when none is given);
     * a refusal of 0 s installs no filter.
     */
    public void refuse(String agentId, ResourceBag resources, double seconds, long nowMs) {
        if (seconds > 0 && !resources.isEmpty()) {
            filters.computeIfAbsent(agentId, a -> new ArrayList<>())
                    .add(new Filter(agentId, resources, nowMs + (long) (seconds * 1000)));
        }
    }

    /** Whether offering {@code resources} of the agent now is held back by an unexpired filter. */
    public boolean isFiltered(String agentId, ResourceBag resources, long nowMs) {
        List<Filter> list = filters.get(agentId);
        if (list == null) {
            return false;
        }
        list.removeIf(f -> f.untilMs() <= nowMs);
        return list.stream().anyMatch(f -> f.resources().contains(resources));
    }

    public Collection<Filter> filters() {
        return filters.values().stream().flatMap(List::stream).toList();
    }

    /** Why: REVIVE, and a (re-)SUBSCRIBE, clear the framework's filters. */
    public void clearFilters() {
        filters.clear();
    }

    public void removeAgent(String agentId) {
        filters.remove(agentId);
    }

    public void suppress(Collection<String> roles) {
        suppressed.addAll(roles);
    }

    public void unsuppress(Collection<String> roles) {
        suppressed.removeAll(roles);
    }

    /** Why: a SUBSCRIBE's {@code suppressed_roles} replace the set; without them nothing stays suppressed. */
    public void resetSuppressed(Collection<String> roles) {
        suppressed.clear();
        suppressed.addAll(roles);
    }

    public Set<String> suppressed() {
        return Set.copyOf(suppressed);
    }

    public boolean isSuppressed(String role) {
        return suppressed.contains(role);
    }
}
