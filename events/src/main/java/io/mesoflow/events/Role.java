package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The roles of a training job, in the order their tasks are listed. */
public enum Role {
    CHIEF("chief"),
    PS("ps"),
    WORKER("worker"),
    GPU_WORKER("gpu_worker"),
    EVALUATOR("evaluator"),
    TENSORBOARD("tensorboard");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether tasks of this role are members of the TensorFlow training cluster. */
    public boolean inTrainingCluster() {
        return this == CHIEF || this == PS || this == WORKER || this == GPU_WORKER;
    }

    public static Role fromWireName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "'"));
    }

    public static boolean isRole(String name) {
        return Arrays.stream(values()).anyMatch(r -> r.wireName.equals(name));
    }
}
