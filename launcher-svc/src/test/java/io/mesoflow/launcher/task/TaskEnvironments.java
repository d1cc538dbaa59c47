package io.mesoflow.launcher.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TfConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The placement the golden task environment is of, and the golden file: golden/task-environment. */
public final class TaskEnvironments {
    public static final String JOB_ID = "mnist-7";
    /** Stands for the sandbox's path in the golden file, whatever the backend's sandbox is. */
    public static final String SANDBOX = "$SANDBOX";

    private TaskEnvironments() {
    }

    public static TfConfig tfConfig() {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        cluster.put("chief", List.of("c.cluster:31000"));
        cluster.put("worker", List.of("w0.cluster:31000", "w1.cluster:31001"));
        cluster.put("ps", List.of("p.cluster:31000"));
        return new TfConfig(cluster, new TfConfig.Task("worker", 1));
    }

    /** Attempt 2 of worker-1 with two ports, a typed TF_CONFIG and a context, running {@code entryPoint}. */
    public static TaskPlacement worker1(String artifactUrl, String entryPoint) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("learning_rate", 0.05);
        context.put("layers", List.of(64, 32));
        return new TaskPlacement("worker-1", 2, "agent-1", "w1.cluster", List.of("o-1"), new Resources(0.1, 64, 0, 0),
                List.of(31001, 31007), new LaunchSpec(artifactUrl, entryPoint, context, "s3://models/ml/mnist-7",
                Map.of(), List.of(), null, tfConfig()));
    }

    public static TaskPlacement worker1() {
        return worker1("https://artifacts.example/train.zip", "python3 train.py");
    }

    /** The golden variables ({@code "variables"}) or sandbox files ({@code "files"}). */
    public static Map<String, String> golden(String part) throws IOException {
        try (InputStream in = TaskEnvironments.class.getResourceAsStream("/golden/task-environment/worker-1.json")) {
            JsonNode node = new ObjectMapper().readTree(in).get(part);
            Map<String, String> values = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            return values;
        }
    }
}
