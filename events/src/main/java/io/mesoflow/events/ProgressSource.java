package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job's progress was read from; travels in its wire spelling. */
public enum ProgressSource {
    /** TensorBoard event files (and checkpoints) in the job's output location, as TensorFlow writes them. */
    TENSORBOARD("tensorboard"),
    /** {@code progress.jsonl} in the task's sandbox, appended by the examples' Keras callback. */
    PROGRESS_FILE("progress-file");

    private final String wireName;

    ProgressSource(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ProgressSource fromWireName(String name) {
        return WireNames.require(values(), ProgressSource::wireName, name, "progress source");
    }
}
