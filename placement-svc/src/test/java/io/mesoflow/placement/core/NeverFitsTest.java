package io.mesoflow.placement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NeverFitsTest {
    private static final List<AgentTotal> CLUSTER = List.of(
            new AgentTotal("cpu-1", 2, 4096, 0), new AgentTotal("cpu-2", 2, 4096, 0), new AgentTotal("gpu-1", 4, 8192, 1));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fits on one agent             | worker-0 | 2   | 1024 | 0 | 1 | false | ",
            "bigger than every CPU agent   | worker-0 | 3   | 1024 | 0 | 1 | false | can never fit on the 3 agent(s) seen so far: worker-0 needs 3 cpus, 1024 MB mem and 1 port; the largest agent it may use (cpu-1) has 2 cpus, 4096 MB mem",
            "fits only on the GPU agent    | worker-0 | 3   | 1024 | 0 | 1 | true  | ",
            "more GPUs than any agent      | gpu_worker-0 | 1 | 1024 | 2 | 1 | false | can never fit on the 3 agent(s) seen so far: gpu_worker-0 needs 1 cpus, 1024 MB mem, 2 gpus and 1 port; the largest agent it may use (gpu-1) has 4 cpus, 8192 MB mem, 1 gpus",
            "more memory than any agent    | chief-0  | 1   | 9000 | 0 | 1 | true  | can never fit on the 3 agent(s) seen so far: chief-0 needs 1 cpus, 9000 MB mem and 1 port; the largest agent it may use (gpu-1) has 4 cpus, 8192 MB mem, 1 gpus",
            "a gang bigger than all agents | worker-0 | 1.5 | 1024 | 0 | 6 | true  | can never fit on the 3 agent(s) seen so far: its 6 tasks need 9 cpus, 6144 MB mem in all; all agents together offer 8 cpus, 16384 MB mem",
    })
    void saysWhenAJobCanNeverFitOnTheAgentsSeen(String name, String task, double cpus, double mem, int gpus, int count,
                                                boolean cpuOnGpuAgents, String expected) {
        TaskName first = TaskName.parse(task);
        List<TaskDemand> demands = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new TaskDemand(new TaskName(first.role(), i), new Resources(cpus, mem, 0, gpus), 1))
                .toList();
        assertEquals(Optional.ofNullable(expected), NeverFits.check(demands, CLUSTER, cpuOnGpuAgents));
    }

    @ParameterizedTest(name = "no agents seen: {0}")
    @CsvSource({"1", "100"})
    void saysNothingBeforeAnyAgentIsSeen(double cpus) {
        List<TaskDemand> demands = List.of(new TaskDemand(TaskName.parse("chief-0"), new Resources(cpus, 1, 0, 0), 1));
        assertEquals(Optional.empty(), NeverFits.check(demands, List.of(), false));
    }

    @ParameterizedTest(name = "CPU task, GPU-only cluster, cpuTasksOnGpuAgents={0}")
    @CsvSource({"false, true", "true, false"})
    void aCpuTaskOnAGpuOnlyClusterNeverFitsUnlessAllowed(boolean allowed, boolean never) {
        List<TaskDemand> demands = List.of(new TaskDemand(TaskName.parse("ps-0"), new Resources(1, 1, 0, 0), 1));
        Optional<String> reason = NeverFits.check(demands, List.of(new AgentTotal("gpu-1", 4, 8192, 1)), allowed);
        assertEquals(never, reason.isPresent());
        reason.ifPresent(r -> assertEquals("can never fit on the 1 agent(s) seen so far: ps-0 needs 1 cpus, 1 MB mem "
                + "and 1 port; every agent seen so far has GPUs, and CPU-only tasks do not use GPU agents", r));
    }
}
