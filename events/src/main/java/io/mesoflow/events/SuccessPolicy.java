package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/** When a job has succeeded; travels as {@code successPolicy} in its exact wire spelling. */
public enum SuccessPolicy {
    /** The chief (or worker-0 without one, see {@link TaskLayout#successTask}) exiting 0 ends the job. */
    CHIEF_ONLY("ChiefOnly"),
    /** Every trainer ({@link Role#isTrainer()}) must exit 0. */
    ALL_WORKERS("AllWorkers");

    /** What a spec without {@code successPolicy} gets. */
    public static final SuccessPolicy DEFAULT = CHIEF_ONLY;

    private final String wireName;

    SuccessPolicy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static SuccessPolicy fromWireName(String name) {
        return WireNames.require(values(), SuccessPolicy::wireName, name, "successPolicy");
    }

    public static Optional<SuccessPolicy> find(String name) {
        return WireNames.find(values(), SuccessPolicy::wireName, name);
    }

    /** The wire spellings, sorted. */
    public static List<String> wireNames() {
        return WireNames.names(values(), SuccessPolicy::wireName);
    }
}
