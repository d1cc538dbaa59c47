package io.mesoflow.placement.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes each task's {@code TF_CONFIG} in TensorFlow's standard form.
 * <ul>
 *   <li>The training cluster has the jobs {@code chief}, {@code worker} and {@code ps}; GPU workers
 *       join {@code worker} after the CPU workers ({@code gpu_worker-0} is worker index = #workers).</li>
 *   <li>The evaluator is never in a cluster; its own config names the training cluster and
 *       {@code {"type":"evaluator","index":0}} (TensorFlow's side-car evaluation form).</li>
 *   <li>TensorBoard gets no TF_CONFIG. A job whose training cluster is a single task gets no
 *       cluster: that task has no TF_CONFIG at all.</li>
 * </ul>
 */
public final class TfConfigBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TfConfigBuilder() {
    }

    /**
     * @param addresses {@code host:port} of every task of the job
     * @return task name to TF_CONFIG for the tasks that get one
     */
    public static Map<TaskName, String> build(Map<TaskName, String> addresses) {
        Map<String, List<String>> cluster = cluster(addresses);
        int clusterSize = cluster.values().stream().mapToInt(List::size).sum();
        Map<TaskName, String> configs = new LinkedHashMap<>();
        for (TaskName task : addresses.keySet().stream().sorted().toList()) {
            taskType(task, addresses).ifPresent(type -> {
                if (task.role() == Role.EVALUATOR || clusterSize > 1) {
                    configs.put(task, write(cluster, type.type(), type.index()));
                }
            });
        }
        return configs;
    }

    private record TfTask(String type, int index) {
    }

    private static Optional<TfTask> taskType(TaskName task, Map<TaskName, String> addresses) {
        return switch (task.role()) {
            case CHIEF -> Optional.of(new TfTask("chief", task.index()));
            case PS -> Optional.of(new TfTask("ps", task.index()));
            case WORKER -> Optional.of(new TfTask("worker", task.index()));
            case GPU_WORKER -> Optional.of(new TfTask("worker", countRole(addresses, Role.WORKER) + task.index()));
            case EVALUATOR -> Optional.of(new TfTask("evaluator", task.index()));
            case TENSORBOARD -> Optional.empty();
        };
    }

    private static int countRole(Map<TaskName, String> addresses, Role role) {
        return (int) addresses.keySet().stream().filter(t -> t.role() == role).count();
    }

    private static Map<String, List<String>> cluster(Map<TaskName, String> addresses) {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        put(cluster, "chief", addresses, List.of(Role.CHIEF));
        put(cluster, "worker", addresses, List.of(Role.WORKER, Role.GPU_WORKER));
        put(cluster, "ps", addresses, List.of(Role.PS));
        return cluster;
    }

    private static void put(Map<String, List<String>> cluster, String job, Map<TaskName, String> addresses,
                            List<Role> roles) {
        List<String> members = addresses.entrySet().stream()
                .filter(e -> roles.contains(e.getKey().role()))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        if (!members.isEmpty()) {
            cluster.put(job, members);
        }
    }

    private static String write(Map<String, List<String>> cluster, String type, int index) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode clusterNode = root.putObject("cluster");
        cluster.forEach((job, members) -> {
            ArrayNode list = clusterNode.putArray(job);
            members.forEach(list::add);
        });
        ObjectNode taskNode = root.putObject("task");
        taskNode.put("type", type);
        taskNode.put("index", index);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
