package io.mesoflow.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TfConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementRecorderTest {
    static TaskPlacement placed(String task, LaunchSpec launch) {
        return new TaskPlacement(task, 0, "agent-1", "host-1", List.of("offer-1"), new Resources(1, 256, 0, 0),
                List.of(2222), launch);
    }

    static LaunchSpec launch(Map<String, String> env, TfConfig tfConfig) {
        return new LaunchSpec("file:///opt/train.py", "python3 train.py", Map.of(), "/out", env, List.of(), "default",
                tfConfig);
    }

    @Test
    void theTypedTfConfigIsKeptAsItsJson() {
        TfConfig tfConfig = new TfConfig(Map.of("worker", List.of("host-1:2222", "host-2:2222")),
                new TfConfig.Task("worker", 1));

        assertThat(PlacementRecorder.tfConfigJson(placed("worker-1", launch(Map.of(), tfConfig))))
                .contains("{\"cluster\":{\"worker\":[\"host-1:2222\",\"host-2:2222\"]},"
                        + "\"task\":{\"type\":\"worker\",\"index\":1}}");
    }

    @Test
    void anOldRecordsTfConfigComesFromItsEnvironment() {
        String json = "{\"cluster\":{\"ps\":[\"host-1:2222\"]},\"task\":{\"type\":\"ps\",\"index\":0}}";

        assertThat(PlacementRecorder.tfConfigJson(placed("ps-0", launch(Map.of("TF_CONFIG", json,
                "MESOFLOW_TASK", "ps-0"), null)))).contains(json);
    }

    @Test
    void aTaskWithoutTfConfigHasNone() {
        assertThat(PlacementRecorder.tfConfigJson(placed("tensorboard-0", launch(Map.of(), null)))).isEmpty();
        assertThat(PlacementRecorder.tfConfigJson(placed("tensorboard-0", launch(Map.of("TF_CONFIG", " "), null))))
                .isEmpty();
    }
}
