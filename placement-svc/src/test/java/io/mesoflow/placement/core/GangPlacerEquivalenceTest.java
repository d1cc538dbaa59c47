package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast {@link GangPlacer} decides exactly as the plain one it replaced
 * ({@link ReferenceGangPlacer}), on a collection of agents and on an {@link AgentPool} that placed
 * jobs' agents leave, or stay in with the offers a job did not accept ({@link AgentPool#replace}),
 * as in a round: the same agent and ports for every task, or the same reason to
 * wait, over random clusters (CPU and GPU agents, partly used, fractional resources, ties) and
 * random jobs (identical and differing tasks, roles with every kind of constraint), for both
 * strategies, with and without CPU tasks on GPU agents. Seeded: a failure names its seed.
 */
class GangPlacerEquivalenceTest {
    static Stream<Arguments> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(60).flatMap(seed -> Stream.of(
                Arguments.of(seed, GangPlacer.Strategy.PACK, false), Arguments.of(seed, GangPlacer.Strategy.PACK, true),
                Arguments.of(seed, GangPlacer.Strategy.SPREAD, false), Arguments.of(seed, GangPlacer.Strategy.SPREAD, true)));
    }

    @ParameterizedTest(name = "seed {0}, {1}, cpu tasks on gpu agents {2}")
    @MethodSource("seeds")
    void decidesAsThePlainScanDid(long seed, GangPlacer.Strategy strategy, boolean cpuOnGpu) {
        Random random = new Random(seed);
        List<AgentCapacity> agents = agents(random);
        GangPlacer fast = new GangPlacer(cpuOnGpu, strategy);
        ReferenceGangPlacer plain = new ReferenceGangPlacer(cpuOnGpu, strategy);
        AgentPool pool = new AgentPool(agents, strategy);
        Map<String, AgentCapacity> left = new LinkedHashMap<>();
        agents.forEach(a -> left.put(a.agentId(), a));
        for (int job = 0; job < 40; job++) {
            List<TaskDemand> demands = job(random);
            List<String> before = agents.stream().map(AgentCapacity::describeFree).toList();

            PlacementDecision expected = plain.place(demands, left.values());
            assertThat(summary(fast.place(demands, left.values()))).as("job %d", job).isEqualTo(summary(expected));
            assertThat(summary(fast.place(demands, pool))).as("job %d from the pool", job).isEqualTo(summary(expected));
            assertThat(agents.stream().map(AgentCapacity::describeFree).toList()).isEqualTo(before);
            if (expected instanceof PlacementDecision.Placed placed && random.nextBoolean()) {
                // as a round does: a placed job's agents are gone for the jobs after it, or keep
                // the offers the job did not accept (in their place, re-sorted by what is left)
                placed.assignments().stream().map(a -> a.agent().agentId()).distinct().forEach(id -> {
                    if (random.nextBoolean()) {
                        left.remove(id);
                        pool.remove(id);
                    } else {
                        AgentCapacity rest = rest(random, left.get(id));
                        left.put(id, rest);
                        pool.replace(id, rest);
                    }
                });
            }
        }
    }

    /** What an agent keeps held after a job accepted part of it: a random smaller offer, ties likely. */
    static AgentCapacity rest(Random random, AgentCapacity agent) {
        int ports = random.nextInt(4);
        OfferMade offer = new OfferMade("o-rest-" + random.nextInt(), agent.agentId(), agent.hostname(),
                random.nextInt(3) == 0 ? agent.cpus() : random.nextInt(17) / 2.0, 1024 * random.nextInt(17), 10_000,
                agent.totalGpus() > 0 ? random.nextInt(3) : 0,
                ports == 0 ? List.of() : List.of(new PortRange(32000, 32000 + ports - 1)), agent.attributes(),
                Instant.EPOCH);
        return AgentCapacity.of(List.of(offer), agent.totalGpus());
    }

    static String summary(PlacementDecision decision) {
        if (decision instanceof PlacementDecision.Placed placed) {
            return placed.assignments().stream().map(a -> a.task() + "@" + a.agent().agentId() + a.ports()).toList()
                    .toString();
        }
        return ((PlacementDecision.Waiting) decision).reason();
    }

    static List<AgentCapacity> agents(Random random) {
        List<AgentCapacity> agents = new ArrayList<>();
        int count = 1 + random.nextInt(random.nextBoolean() ? 40 : 160);
        for (int i = 0; i < count; i++) {
            boolean gpu = random.nextInt(4) == 0;
            int gpus = gpu ? random.nextInt(5) : 0; // a GPU agent may offer none of its GPUs now
            double cpus = random.nextInt(3) == 0 ? 8 : random.nextInt(33) / 2.0;
            double mem = random.nextInt(3) == 0 ? 16_384 : 1024 * random.nextInt(17);
            int ports = random.nextInt(6);
            String id = "a" + i;
            OfferMade offer = new OfferMade("o-" + id, id, "h" + random.nextInt(count), cpus, mem, 10_000, gpus,
                    ports == 0 ? List.of() : List.of(new PortRange(31000, 31000 + ports - 1)),
                    Map.of("zone", "z" + random.nextInt(3), "rack", "r" + random.nextInt(5)), Instant.EPOCH);
            agents.add(AgentCapacity.of(List.of(offer), gpu ? Math.max(gpus, 4) : 0));
        }
        return agents;
    }

    static List<TaskDemand> job(Random random) {
        List<TaskDemand> demands = new ArrayList<>();
        int roles = 1 + random.nextInt(3);
        for (int r = 0; r < roles; r++) {
            String role = List.of("ps", "worker", "gpu_worker", "evaluator").get(random.nextInt(4));
            List<Constraint> constraints = random.nextInt(3) == 0 ? List.of(constraint(random)) : List.of();
            Resources same = resources(random, role);
            int tasks = 1 + random.nextInt(8);
            for (int t = 0; t < tasks; t++) {
                Resources resources = random.nextBoolean() ? same : resources(random, role);
                TaskName name = TaskName.parse(role + "-" + (r * 10 + t));
                if (demands.stream().noneMatch(d -> d.task().equals(name))) {
                    demands.add(new TaskDemand(name, resources, random.nextInt(3), constraints));
                }
            }
        }
        return demands;
    }

    static Resources resources(Random random, String role) {
        return new Resources(random.nextInt(9) / 2.0, 512 * random.nextInt(9), 0,
                role.equals("gpu_worker") ? 1 + random.nextInt(2) : 0);
    }

    static Constraint constraint(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Constraint.of("hostname", Constraint.Operator.UNIQUE);
            case 1 -> Constraint.of("zone", Constraint.Operator.GROUP_BY);
            case 2 -> Constraint.of("rack", Constraint.Operator.CLUSTER);
            case 3 -> new Constraint("zone", Constraint.Operator.MAX_PER, "2");
            case 4 -> new Constraint("rack", Constraint.Operator.LIKE, "r[0-2]");
            default -> new Constraint("zone", Constraint.Operator.UNLIKE, "z1");
        };
    }
}
