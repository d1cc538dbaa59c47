package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * The roles of a training job, in the order their tasks are listed, with what each role means to
 * TensorFlow and to MesoFlow: the one place that knows it (job-api's limits, placement's
 * TF_CONFIG and monitor's success and redeploy rules all ask here).
 */
public enum Role {
    // wire name, TensorFlow job, in the training cluster, trainer, most tasks per job, least GPUs per task
    CHIEF("chief", "chief", true, true, 1, 0),
    PS("ps", "ps", true, false, 1000, 0),
    WORKER("worker", "worker", true, true, 1000, 0),
    /** GPU workers join TensorFlow's {@code worker} job after the CPU workers. */
    GPU_WORKER("gpu_worker", "worker", true, true, 1000, 1),
    /** In no cluster: its TF_CONFIG names the training cluster and itself as {@code evaluator}. */
    EVALUATOR("evaluator", "evaluator", false, false, 1, 0),
    /** Reads no TF_CONFIG at all. */
    TENSORBOARD("tensorboard", null, false, false, 1, 0);

    private final String wireName;
    private final String tfJob;
    private final boolean inTrainingCluster;
    private final boolean trainer;
    private final int maxCount;
    private final int minGpus;

    Role(String wireName, String tfJob, boolean inTrainingCluster, boolean trainer, int maxCount, int minGpus) {
        this.wireName = wireName;
        this.tfJob = tfJob;
        this.inTrainingCluster = inTrainingCluster;
        this.trainer = trainer;
        this.maxCount = maxCount;
        this.minGpus = minGpus;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The TensorFlow job its tasks are in ({@code TF_CONFIG}'s cluster key and task type): chief, ps,
     * worker (gpu_worker too) or evaluator; empty for a role that reads no TF_CONFIG.
     */
    public Optional<String> tfJob() {
        return Optional.ofNullable(tfJob);
    }

    /** Whether tasks of this role are members of the TensorFlow training cluster. */
    public boolean inTrainingCluster() {
        return inTrainingCluster;
    }

    /** Whether its tasks read a TF_CONFIG naming the training cluster (its members and the evaluator). */
    public boolean readsTfConfig() {
        return tfJob != null;
    }

    /** Whether its tasks train (chief, worker, gpu_worker): what {@code AllWorkers} waits for. */
    public boolean isTrainer() {
        return trainer;
    }

    /**
     * Whether its tasks serve their first port: the members of the training cluster (TensorFlow's
     * server) and TensorBoard. Such a task is ready when that port accepts connections.
     */
    public boolean servesPort() {
        return inTrainingCluster || this == TENSORBOARD;
    }

    /** The most tasks a job may run of this role. */
    public int maxCount() {
        return maxCount;
    }

    /** The fewest GPUs a task of this role may ask for, and what it gets when it does not say. */
    public int minGpus() {
        return minGpus;
    }

    public static Role fromWireName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "'"));
    }

    public static Optional<Role> find(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    public static boolean isRole(String name) {
        return find(name).isPresent();
    }
}
