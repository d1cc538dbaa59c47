package io.mesoflow.placement.core;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ACCEPTs the jobs of one placement round share ({@code mesoflow.placement.jobs-per-accept}).
 * A job placed whole on one agent opens that agent's ACCEPT: instead of leaving the round with the
 * offers it accepted, the agent stays in it with everything it holds less the job's tasks
 * ({@link OpenAccept#capacity()}), and the next job placed there joins the same ACCEPT, up to
 * {@code jobsPerAccept} jobs; then the ACCEPT closes and the agent keeps only the offers it does
 * not name, as after any placement. A job whose gang spans agents never shares: when it would use
 * an agent whose ACCEPT is open, every open ACCEPT closes and the job is placed again (so each
 * shared ACCEPT carries whole jobs, on one agent). With {@code jobsPerAccept} 1 nothing is shared:
 * each job accepts its own offers, as before. An offer is named by one ACCEPT only. Not thread-safe.
 */
public final class SharedAccepts {
    /** Jobs that share one ACCEPT of {@code agentId}'s offers, in the order they were placed (two or more). */
    public record Shared(String agentId, List<String> jobIds) {
        public Shared {
            jobIds = List.copyOf(jobIds);
        }
    }

    private final int jobsPerAccept;
    private final Map<String, OpenAccept> open = new HashMap<>();
    private final Map<String, List<String>> openJobs = new HashMap<>();
    private final List<Shared> shared = new ArrayList<>();

    public SharedAccepts(int jobsPerAccept) {
        if (jobsPerAccept < 1) {
            throw new IllegalArgumentException("jobs-per-accept must be at least 1, got " + jobsPerAccept);
        }
        this.jobsPerAccept = jobsPerAccept;
    }

    /**
     * The job's placement on the pool; a gang that would span agents while using an open ACCEPT is
     * placed again with every open ACCEPT closed.
     */
    public PlacementDecision place(GangPlacer placer, List<TaskDemand> demands, Map<String, AgentCapacity> agents,
                                   AgentPool pool) {
        PlacementDecision decision = placer.place(demands, pool);
        if (decision instanceof PlacementDecision.Placed placed && !open.isEmpty()) {
            Set<String> used = agentsOf(placed);
            if (used.size() > 1 && used.stream().anyMatch(open::containsKey)) {
                closeAll(agents, pool);
                decision = placer.place(demands, pool);
            }
        }
        return decision;
    }

    /** Narrows the job's placement to the offers it accepts (joining an open ACCEPT) and applies it to the round. */
    public PlacementDecision.Placed accept(String jobId, List<TaskDemand> demands, PlacementDecision.Placed placed,
                                           Map<String, AgentCapacity> agents, AgentPool pool) {
        AcceptedOffers accepted = AcceptedOffers.of(demands, placed, false, open);
        List<String> used = accepted.used();
        AgentCapacity agent = placed.assignments().get(0).agent();
        if (jobsPerAccept == 1 || used.size() != 1 || agent.offers().isEmpty()) {
            accepted.applyTo(agents, pool);
            return accepted.placed();
        }
        String agentId = used.get(0);
        OpenAccept before = open.get(agentId);
        List<TaskDemand> tasks = new ArrayList<>();
        List<List<Integer>> ports = new ArrayList<>();
        Map<io.mesoflow.events.TaskName, TaskDemand> byTask = new HashMap<>();
        demands.forEach(d -> byTask.put(d.task(), d));
        for (PlacementDecision.Assignment a : accepted.placed().assignments()) {
            tasks.add(byTask.get(a.task()));
            ports.add(a.ports());
        }
        List<OfferMade> nowAccepted = accepted.placed().assignments().get(0).agent().offers();
        OpenAccept now = before != null ? before.join(nowAccepted, tasks, ports)
                : new OpenAccept(agentId, agent.offers(), nowAccepted, tasks, ports, 1, agent.totalGpus());
        openJobs.computeIfAbsent(agentId, a -> new ArrayList<>()).add(jobId);
        if (now.jobs() >= jobsPerAccept) {
            close(now, agents, pool);
        } else {
            open.put(agentId, now);
            AgentCapacity capacity = now.capacity();
            agents.put(agentId, capacity);
            pool.replace(agentId, capacity);
        }
        return accepted.placed();
    }

    /** Every ACCEPT jobs share, once the round is over (open ones closed). */
    public List<Shared> shared(Map<String, AgentCapacity> agents, AgentPool pool) {
        closeAll(agents, pool);
        return List.copyOf(shared);
    }

    private void closeAll(Map<String, AgentCapacity> agents, AgentPool pool) {
        for (OpenAccept accept : List.copyOf(open.values())) {
            close(accept, agents, pool);
        }
    }

    /** No job joins it any more: the agent keeps only the offers it does not name, or leaves the round. */
    private void close(OpenAccept accept, Map<String, AgentCapacity> agents, AgentPool pool) {
        open.remove(accept.agentId());
        List<String> jobs = openJobs.remove(accept.agentId());
        if (jobs != null && jobs.size() > 1) {
            shared.add(new Shared(accept.agentId(), jobs));
        }
        List<OfferMade> rest = accept.notAccepted();
        if (rest.isEmpty()) {
            agents.remove(accept.agentId());
            pool.remove(accept.agentId());
        } else {
            AgentCapacity left = AgentCapacity.of(rest, accept.totalGpus());
            agents.put(accept.agentId(), left);
            pool.replace(accept.agentId(), left);
        }
    }

    /**
     * The jobs' placements as one ACCEPT publishes them: every task names every offer the ACCEPT
     * names (a later job may have added offers to it), so whichever of the jobs launch, their ACCEPT
     * uses up all of those offers (what the tasks leave returns to the agent's pool), and no offer is
     * stranded, neither used nor declined, when a job of the group is left out (its secrets failed,
     * or cannot be opened by the launcher).
     */
    public static List<TasksPlaced> namingEveryOffer(List<TasksPlaced> jobs) {
        Set<String> offers = new LinkedHashSet<>();
        jobs.forEach(job -> job.tasks().forEach(task -> offers.addAll(task.offerIds())));
        List<String> all = List.copyOf(offers);
        return jobs.stream().map(job -> new TasksPlaced(job.jobId(), job.revision(), job.tasks().stream()
                .map(t -> new TaskPlacement(t.taskName(), t.attempt(), t.agentId(), t.hostname(), all, t.resources(),
                        t.ports(), t.launch()))
                .toList(), job.placedAt())).toList();
    }

    private static Set<String> agentsOf(PlacementDecision.Placed placed) {
        Set<String> agents = new HashSet<>();
        placed.assignments().forEach(a -> agents.add(a.agent().agentId()));
        return agents;
    }
}
