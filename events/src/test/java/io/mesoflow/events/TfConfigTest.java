package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TF_CONFIG as a type: TensorFlow's JSON byte for byte, and a LaunchSpec field old records do without. */
class TfConfigTest {
    static TfConfig workerOne() {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        cluster.put("chief", List.of("c:1"));
        cluster.put("worker", List.of("w0:2", "w1:3"));
        cluster.put("ps", List.of("p:4"));
        return new TfConfig(cluster, new TfConfig.Task("worker", 1));
    }

    @Test
    void isWrittenAsCompactJsonWithTheClusterInItsOwnOrderThenTheTask() {
        assertThat(workerOne().toJson()).isEqualTo("{\"cluster\":{\"chief\":[\"c:1\"],\"worker\":[\"w0:2\",\"w1:3\"],"
                + "\"ps\":[\"p:4\"]},\"task\":{\"type\":\"worker\",\"index\":1}}");
    }

    @Test
    void travelsInALaunchSpecAndComesBackEqualWithItsOrder() {
        LaunchSpec spec = new LaunchSpec("https://a/t.zip", "python3 t.py", Map.of(), "/out", Map.of(), List.of(),
                "ml", workerOne());

        LaunchSpec decoded = EventCodec.fromJson(EventCodec.json(spec), LaunchSpec.class);

        assertThat(decoded).isEqualTo(spec);
        assertThat(decoded.tfConfig().toJson()).isEqualTo(workerOne().toJson());
    }

    @Test
    void aLaunchSpecFromBeforeTheTypeDecodesWithItsTfConfigInEnv() {
        String old = "{\"artifactUrl\":\"https://a/t.zip\",\"entryPoint\":\"python3 t.py\",\"context\":{},"
                + "\"outputDir\":\"/out\",\"env\":{\"TF_CONFIG\":\"{}\",\"MESOFLOW_TASK\":\"worker-0\"},"
                + "\"secrets\":[],\"team\":\"ml\"}";

        LaunchSpec decoded = EventCodec.fromJson(old, LaunchSpec.class);

        assertThat(decoded.tfConfig()).isNull();
        assertThat(decoded.env()).containsEntry("TF_CONFIG", "{}");
    }
}
