package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task's {@code TF_CONFIG}, declared as Kubeflow's training-operator declares it ({@code TFConfig}:
 * a cluster spec and the task's own place), so it travels typed and is written as JSON in one place.
 *
 * @param cluster TensorFlow job name ({@code chief}, {@code worker}, {@code ps}) to its members'
 *                {@code host:port}, in the order written (TensorFlow reads indexes from it)
 * @param task    this task's job name and index
 */
@JsonPropertyOrder({"cluster", "task"})
public record TfConfig(Map<String, List<String>> cluster, Task task) {
    /** Plain, so the JSON never depends on how a service configured its mapper. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public TfConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(task, "task");
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        cluster.forEach((job, members) -> ordered.put(job, List.copyOf(members)));
        cluster = Collections.unmodifiableMap(ordered);
    }

    /** A task's place in the cluster: {@code {"type": "worker", "index": 1}}. */
    @JsonPropertyOrder({"type", "index"})
    public record Task(String type, int index) {
        public Task {
            Objects.requireNonNull(type, "type");
        }
    }

    /** The value of the {@code TF_CONFIG} variable: compact JSON, cluster then task. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write TF_CONFIG", e);
        }
    }
}
