package io.mesoflow.placement.core;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The free resources of one agent: the sum of the offers held for it (a placement accepts only the
 * offers its tasks need, {@link OfferChoice}). Mutable while a placement
 * is being tried; {@link #copy()} before trying.
 */
public final class AgentCapacity {
    private final String agentId;
    private final String hostname;
    private final List<String> offerIds;
    private final List<OfferMade> offers;
    private final Map<String, String> attributes;
    private final int totalGpus;
    private double cpus;
    private double memMb;
    private double diskMb;
    private int gpus;
    private final FreePorts freePorts;

    private AgentCapacity(String agentId, String hostname, List<OfferMade> offers, List<String> offerIds,
                          Map<String, String> attributes,
                          double cpus, double memMb, double diskMb, int gpus, int totalGpus,
                          FreePorts freePorts) {
        this.agentId = agentId;
        this.hostname = hostname;
        this.offers = offers;
        this.offerIds = offerIds;
        this.attributes = attributes;
        this.cpus = cpus;
        this.memMb = memMb;
        this.diskMb = diskMb;
        this.gpus = gpus;
        this.totalGpus = totalGpus;
        this.freePorts = freePorts;
    }

    /** Sums the offers of one agent; its GPU capacity is what they offer. */
    public static AgentCapacity of(List<OfferMade> offers) {
        return of(offers, 0);
    }

    /**
     * Sums the offers of one agent. {@code knownGpus} is the most GPUs the agent ever offered: an
     * offer holds only unallocated GPUs, so an agent whose GPUs are all in use still counts as a
     * GPU agent (CPU-only tasks keep away from it).
     */
    public static AgentCapacity of(List<OfferMade> offers, int knownGpus) {
        OfferMade first = offers.get(0);
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        int gpus = 0;
        List<PortRange> ports = new ArrayList<>();
        for (OfferMade offer : offers) {
            if (!offer.agentId().equals(first.agentId())) {
                throw new IllegalArgumentException("offers of different agents: " + first.agentId()
                        + ", " + offer.agentId());
            }
            cpus += offer.cpus();
            mem += offer.memMb();
            disk += offer.diskMb();
            gpus += offer.gpus();
            ports.addAll(offer.ports());
        }
        return new AgentCapacity(first.agentId(), first.hostname(), List.copyOf(offers),
                offers.stream().map(OfferMade::offerId).toList(), first.attributes(),
                cpus, mem, disk, gpus, Math.max(gpus, knownGpus), FreePorts.of(ports));
    }

    /** An agent with nothing free (it offers nothing now), to which released resources can be added. */
    public static AgentCapacity nothingFree(String agentId, String hostname, Map<String, String> attributes,
                                            int totalGpus) {
        return new AgentCapacity(agentId, hostname, List.of(), List.of(), attributes == null ? Map.of() : attributes,
                0, 0, 0, 0, totalGpus, FreePorts.of(List.of()));
    }

    /** A copy with what a task holds given back: its resources and ports (a what-if for preemption). */
    public AgentCapacity plus(io.mesoflow.events.Resources released, List<Integer> ports) {
        return new AgentCapacity(agentId, hostname, offers, offerIds, attributes, cpus + released.cpus(),
                memMb + released.memMb(), diskMb + released.diskMb(), gpus + released.gpus(),
                Math.max(totalGpus, gpus + released.gpus()), freePorts.plus(ports));
    }

    /**
     * A copy with at least these CPUs, memory and GPUs free (each raised to it where the held offers
     * sum to less): what the agent has free though not all of it is offered now (a what-if for
     * preemption, {@link FreeEstimate}). Disk and ports stay as held.
     */
    public AgentCapacity atLeast(double freeCpus, double freeMemMb, int freeGpus) {
        int raisedGpus = Math.max(gpus, freeGpus);
        return new AgentCapacity(agentId, hostname, offers, offerIds, attributes, Math.max(cpus, freeCpus),
                Math.max(memMb, freeMemMb), diskMb, raisedGpus, Math.max(totalGpus, raisedGpus), freePorts.copy());
    }

    public AgentCapacity copy() {
        return new AgentCapacity(agentId, hostname, offers, offerIds, attributes, cpus, memMb, diskMb, gpus, totalGpus,
                freePorts.copy());
    }

    /** Whether the agent has GPUs at all (CPU-only tasks avoid such agents). */
    public boolean isGpuAgent() {
        return totalGpus > 0;
    }

    public boolean fits(TaskDemand demand) {
        return fits(demand.resources().cpus(), demand.resources().memMb(), demand.resources().diskMb(),
                demand.resources().gpus(), demand.ports());
    }

    /** {@link #fits(TaskDemand)} on plain numbers, for the placer's scan over every agent. */
    boolean fits(double needCpus, double needMemMb, double needDiskMb, int needGpus, int needPorts) {
        return cpus + 1e-9 >= needCpus
                && memMb + 1e-9 >= needMemMb
                && diskMb + 1e-9 >= needDiskMb
                && gpus >= needGpus
                && freePorts.size() >= needPorts;
    }

    /** Whether the demand fits with exactly these ports. */
    public boolean fitsAt(TaskDemand demand, List<Integer> ports) {
        return fits(demand) && ports.stream().distinct().count() == ports.size()
                && ports.stream().allMatch(freePorts::contains);
    }

    /** Takes the demand's resources and exactly these ports. */
    public List<Integer> takeAt(TaskDemand demand, List<Integer> ports) {
        cpus -= demand.resources().cpus();
        memMb -= demand.resources().memMb();
        diskMb -= demand.resources().diskMb();
        gpus -= demand.resources().gpus();
        ports.forEach(freePorts::take);
        return List.copyOf(ports);
    }

    /** Takes the demand's resources and its lowest free ports; returns the ports. */
    public List<Integer> take(TaskDemand demand) {
        cpus -= demand.resources().cpus();
        memMb -= demand.resources().memMb();
        diskMb -= demand.resources().diskMb();
        gpus -= demand.resources().gpus();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < demand.ports(); i++) {
            ports.add(freePorts.takeLowest());
        }
        return ports;
    }

    public String describeFree() {
        return TaskDemand.fmt(cpus) + " cpus, " + TaskDemand.fmt(memMb) + " MB mem"
                + (totalGpus > 0 ? ", " + gpus + " gpus" : "") + ", " + freePorts.size() + " ports";
    }

    public String agentId() {
        return agentId;
    }

    public String hostname() {
        return hostname;
    }

    public List<String> offerIds() {
        return offerIds;
    }

    /** The offers summed here, in the order given ({@link OfferChoice} picks which a placement accepts). */
    public List<OfferMade> offers() {
        return offers;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public double cpus() {
        return cpus;
    }

    public double memMb() {
        return memMb;
    }

    public int gpus() {
        return gpus;
    }

    public double diskMb() {
        return diskMb;
    }

    public int totalGpus() {
        return totalGpus;
    }

    public int freePortCount() {
        return freePorts.size();
    }

    /** An attribute for constraints; {@code hostname} is the agent's hostname. */
    public String attribute(String name) {
        return "hostname".equals(name) ? hostname : attributes == null ? null : attributes.get(name);
    }
}
