package io.mesoflow.placement.core;

import io.mesoflow.events.Role;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TfConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes each task's {@code TF_CONFIG} in TensorFlow's standard form, as a {@link TfConfig} (whose
 * {@code toJson()} is the variable's value).
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
    /** The training cluster's TensorFlow jobs, in the order TF_CONFIG lists them. */
    private static final List<String> CLUSTER_JOBS = List.of("chief", "worker", "ps");

    private TfConfigBuilder() {
    }

    /**
     * @param addresses {@code host:port} of every task of the job
     * @return task name to TF_CONFIG for the tasks that get one
     */
    public static Map<TaskName, TfConfig> build(Map<TaskName, String> addresses) {
        Map<String, List<String>> cluster = cluster(addresses);
        int clusterSize = cluster.values().stream().mapToInt(List::size).sum();
        Map<TaskName, TfConfig> configs = new LinkedHashMap<>();
        for (TaskName task : addresses.keySet().stream().sorted().toList()) {
            taskType(task, addresses).ifPresent(type -> {
                if (!task.role().inTrainingCluster() || clusterSize > 1) {
                    configs.put(task, new TfConfig(cluster, new TfConfig.Task(type.type(), type.index())));
                }
            });
        }
        return configs;
    }

    private record TfTask(String type, int index) {
    }

    /**
     * The task's TensorFlow job ({@link Role#tfJob()}) and its index there, after the tasks of the
     * earlier roles in the same job (gpu_worker-0 follows the CPU workers); empty without TF_CONFIG.
     */
    private static Optional<TfTask> taskType(TaskName task, Map<TaskName, String> addresses) {
        Role role = task.role();
        return role.tfJob().map(job -> new TfTask(job, task.index() + (int) addresses.keySet().stream()
                .filter(t -> t.role().compareTo(role) < 0 && t.role().tfJob().equals(role.tfJob())).count()));
    }

    private static Map<String, List<String>> cluster(Map<TaskName, String> addresses) {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        for (String job : CLUSTER_JOBS) {
            put(cluster, job, addresses);
        }
        return cluster;
    }

    /** The training cluster's members of TensorFlow job {@code job}, in task order. */
    private static void put(Map<String, List<String>> cluster, String job, Map<TaskName, String> addresses) {
        List<String> members = addresses.entrySet().stream()
                .filter(e -> e.getKey().role().inTrainingCluster()
                        && e.getKey().role().tfJob().orElseThrow().equals(job))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        if (!members.isEmpty()) {
            cluster.put(job, members);
        }
    }
}
