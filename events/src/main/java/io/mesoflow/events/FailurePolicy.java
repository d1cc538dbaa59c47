package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/** What a relaunch restarts; travels as {@code failurePolicy} in its exact wire spelling. */
public enum FailurePolicy {
    /** Only the task that ended is relaunched: the rest of the cluster keeps running. */
    TASK("task"),
    /** Every task of the job is relaunched (the survivors are killed first). */
    GANG("gang");

    /** What a spec without {@code failurePolicy} gets. */
    public static final FailurePolicy DEFAULT = TASK;

    private final String wireName;

    FailurePolicy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static FailurePolicy fromWireName(String name) {
        return WireNames.require(values(), FailurePolicy::wireName, name, "failurePolicy");
    }

    public static Optional<FailurePolicy> find(String name) {
        return WireNames.find(values(), FailurePolicy::wireName, name);
    }

    /** The wire spellings, sorted. */
    public static List<String> wireNames() {
        return WireNames.names(values(), FailurePolicy::wireName);
    }
}
