package io.mesoflow.placement.core;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Jobs, running gangs and agents for the preemption and budget tables. */
final class PreemptionFixtures {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private PreemptionFixtures() {
    }

    /** A waiting job of {@code workers} GPU workers with one GPU each. */
    static QueuedJob waiting(String id, String team, int priority, int workers) {
        List<TaskDemand> demands = IntStream.range(0, workers)
                .mapToObj(i -> new TaskDemand(TaskName.parse("gpu_worker-" + i), new Resources(1, 1024, 0, 1), 1))
                .toList();
        return new QueuedJob(id, team, priority, NOW.minusSeconds(60), demands);
    }

    /**
     * A running gang: one single-GPU task per agent given, started {@code minutesAgo}, its last
     * checkpoint {@code checkpointMinutesAgo} (null: none).
     */
    static RunningGang running(String id, String team, int priority, int minutesAgo, Integer checkpointMinutesAgo,
                               String... agents) {
        List<RunningGang.Held> held = IntStream.range(0, agents.length)
                .mapToObj(i -> new RunningGang.Held(agents[i], agents[i] + ".example", Map.of(),
                        new Resources(1, 1024, 0, 1), List.of(31000 + i)))
                .toList();
        return new RunningGang(id, team, priority, NOW.minusSeconds(60L * minutesAgo),
                checkpointMinutesAgo == null ? null : NOW.minusSeconds(60L * checkpointMinutesAgo),
                checkpointMinutesAgo == null ? null : 100L, held);
    }

    /** Free GPU agents: {@code gpus[i]} free GPUs on agent g{i+1}, each with 8 GPUs in all. */
    static Map<String, AgentCapacity> freeGpus(int... gpus) {
        Map<String, AgentCapacity> agents = new LinkedHashMap<>();
        for (int i = 0; i < gpus.length; i++) {
            String id = "g" + (i + 1);
            agents.put(id, AgentCapacity.of(List.of(new OfferMade("o-" + id, id, id + ".example", 16, 65536, 10_000,
                    gpus[i], List.of(new PortRange(32000, 32099)), Map.of(), NOW)), 8));
        }
        return agents;
    }
}
