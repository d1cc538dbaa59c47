package io.mesoflow.placement.bench;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import io.mesoflow.placement.core.AgentCapacity;
import io.mesoflow.placement.core.AgentPool;
import io.mesoflow.placement.core.GangPlacer;
import io.mesoflow.placement.core.PlacementDecision;
import io.mesoflow.placement.core.PlacementRound;
import io.mesoflow.placement.core.QueuedJob;
import io.mesoflow.placement.core.TaskDemand;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Placement speed: 1,000 pending jobs (1 to 64 tasks each, 30% with GPU roles) against 10,000
 * agents (8,000 CPU agents, 2,000 with 8 GPUs). Prints jobs placed per second, task placements
 * per second and the p50/p99/max decision time per job (each on the round's {@link AgentPool},
 * as {@link PlacementRound} places them), then the time of one whole {@link PlacementRound} (the
 * pool, queue order, quotas and placement of all 1,000 jobs). A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl placement-svc -am test -Dtest=PlacementBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class PlacementBench {
    static final int AGENTS = Integer.getInteger("bench.agents", 10_000);
    static final int JOBS = Integer.getInteger("bench.jobs", 1_000);
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void measure() {
        List<QueuedJob> jobs = jobs(new Random(42));
        GangPlacer placer = new GangPlacer(false, GangPlacer.Strategy.PACK);
        for (int round = 0; round < 5; round++) {
            perJob(jobs, placer, round >= 3);
        }
        for (int round = 0; round < 5; round++) {
            Map<String, AgentCapacity> agents = agents();
            long start = System.nanoTime();
            PlacementRound.Outcome outcome = PlacementRound.run(jobs, Map.of(), Map.of(), agents, placer, NOW,
                    Duration.ofMinutes(10));
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (round >= 3) {
                long placed = outcome.results().stream().filter(r -> r instanceof PlacementRound.Placed).count();
                System.out.printf("[bench] one PlacementRound over %d jobs and %d agents: %d ms (%d placed)%n",
                        JOBS, AGENTS, ms, placed);
            }
        }
    }

    /**
     * Each job's decision as a round makes it: on the round's {@link AgentPool} (indexed once, its
     * time printed apart and counted in the total), a placed job's agents then leave the pool.
     */
    static void perJob(List<QueuedJob> jobs, GangPlacer placer, boolean report) {
        Map<String, AgentCapacity> agents = agents();
        long indexStart = System.nanoTime();
        AgentPool pool = new AgentPool(agents.values(), placer.strategy());
        long indexNanos = System.nanoTime() - indexStart;
        long[] nanos = new long[jobs.size()];
        int placedJobs = 0;
        int placedTasks = 0;
        long total = indexNanos;
        for (int i = 0; i < jobs.size(); i++) {
            QueuedJob job = jobs.get(i);
            long start = System.nanoTime();
            PlacementDecision decision = placer.place(job.demands(), pool);
            if (decision instanceof PlacementDecision.Placed placed) {
                placed.assignments().forEach(a -> pool.remove(a.agent().agentId()));
                placedJobs++;
                placedTasks += placed.assignments().size();
            }
            nanos[i] = System.nanoTime() - start;
            total += nanos[i];
        }
        if (!report) {
            return;
        }
        Arrays.sort(nanos);
        double seconds = total / 1e9;
        System.out.printf("[bench] %d jobs (%d tasks placed) on %d agents in %.0f ms (the index: %.1f ms): %.0f jobs/s, "
                        + "%.0f task placements/s; decision per job p50 %.2f ms, p99 %.2f ms, max %.2f ms; load "
                        + "average %.2f%n",
                placedJobs, placedTasks, AGENTS, seconds * 1000, indexNanos / 1e6, placedJobs / seconds,
                placedTasks / seconds, nanos[nanos.length / 2] / 1e6, nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
                nanos[nanos.length - 1] / 1e6, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static Map<String, AgentCapacity> agents() {
        Map<String, AgentCapacity> agents = new LinkedHashMap<>();
        for (int i = 0; i < AGENTS; i++) {
            boolean gpu = i % 5 == 4;
            String id = String.format("agent-%05d", i);
            agents.put(id, AgentCapacity.of(List.of(new OfferMade("o-" + id, id, id + ".cluster", gpu ? 64 : 32,
                    gpu ? 524_288 : 131_072, 1_000_000, gpu ? 8 : 0, List.of(new PortRange(31000, 31999)),
                    Map.of("zone", "z" + (i % 3)), NOW))));
        }
        return agents;
    }

    static List<QueuedJob> jobs(Random random) {
        List<QueuedJob> jobs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            int tasks = 1 + random.nextInt(64);
            boolean gpuJob = random.nextDouble() < 0.3;
            List<TaskDemand> demands = new ArrayList<>();
            int ps = Math.max(1, tasks / 8);
            for (int t = 0; t < tasks; t++) {
                String role;
                Resources resources;
                if (t < ps && tasks > 1) {
                    role = "ps-" + t;
                    resources = new Resources(2, 8192, 0, 0);
                } else if (gpuJob) {
                    role = "gpu_worker-" + t;
                    resources = new Resources(4, 16_384, 0, 1 + random.nextInt(2));
                } else {
                    role = "worker-" + t;
                    resources = new Resources(1 + random.nextInt(4), 2048 + 1024 * random.nextInt(7), 0, 0);
                }
                demands.add(new TaskDemand(TaskName.parse(role), resources, 1));
            }
            jobs.add(new QueuedJob("job-" + j, "team-" + (j % 5), random.nextInt(3), NOW.minusSeconds(j), demands));
        }
        return jobs;
    }
}
