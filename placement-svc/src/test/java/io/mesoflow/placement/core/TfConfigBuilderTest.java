package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesoflow.events.TaskName;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Golden TF_CONFIGs, byte for byte in the golden files' order: src/test/resources/golden/tfconfig. */
class TfConfigBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void psAndWorkersShareOneClusterWithOwnTask() throws Exception {
        assertGolden("ps-and-workers.json", addresses("ps-0", "h2:31000", "worker-0", "h1:31000", "worker-1", "h1:31001"));
    }

    @Test
    void evaluatorIsLeftOutOfEveryClusterAndTensorboardGetsNoConfig() throws Exception {
        assertGolden("chief-evaluator-tensorboard.json", addresses("chief-0", "c:1", "ps-0", "p:3", "worker-0", "w:2",
                "evaluator-0", "e:4", "tensorboard-0", "t:5"));
    }

    @Test
    void gpuWorkersJoinTheWorkerJobAfterTheCpuWorkers() throws Exception {
        assertGolden("gpu-workers-after-cpu-workers.json", addresses("gpu_worker-1", "g1:4", "worker-1", "w1:2",
                "ps-0", "p0:5", "gpu_worker-0", "g0:3", "worker-0", "w0:1"));
    }

    @Test
    void singleTaskJobGetsNoCluster() throws Exception {
        assertGolden("single-task.json", addresses("worker-0", "h:1"));
    }

    @Test
    void clusterListsChiefWorkerPsInThatOrder() {
        String config = TfConfigBuilder.build(addresses("ps-0", "p:1", "worker-0", "w:2", "chief-0", "c:3"))
                .get(TaskName.parse("worker-0")).toJson();

        assertThat(config).isEqualTo("{\"cluster\":{\"chief\":[\"c:3\"],\"worker\":[\"w:2\"],\"ps\":[\"p:1\"]},"
                + "\"task\":{\"type\":\"worker\",\"index\":0}}");
    }

    private static Map<TaskName, String> addresses(String... pairs) {
        Map<TaskName, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            addresses.put(TaskName.parse(pairs[i]), pairs[i + 1]);
        }
        return addresses;
    }

    /** Each task's TF_CONFIG string equals its golden entry written compactly (so order counts too). */
    private static void assertGolden(String file, Map<TaskName, String> addresses) throws Exception {
        Map<String, String> actual = new TreeMap<>();
        TfConfigBuilder.build(addresses).forEach((task, config) -> actual.put(task.toString(), config.toJson()));
        try (InputStream in = TfConfigBuilderTest.class.getResourceAsStream("/golden/tfconfig/" + file)) {
            Map<String, String> expected = new TreeMap<>();
            JSON.readTree(in).fields().forEachRemaining(e -> expected.put(e.getKey(), compact(e.getValue())));
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
