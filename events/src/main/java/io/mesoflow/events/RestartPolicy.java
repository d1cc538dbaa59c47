package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * Which ended attempts of a role's tasks are relaunched; travels as {@code restartPolicy} in its
 * exact wire spelling. monitor's {@code RestartRules} says what each one relaunches.
 */
public enum RestartPolicy {
    ALWAYS("Always"),
    ON_FAILURE("OnFailure"),
    EXIT_CODE("ExitCode"),
    NEVER("Never");

    /** What a role without {@code restartPolicy} gets. */
    public static final RestartPolicy DEFAULT = ON_FAILURE;

    private final String wireName;

    RestartPolicy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static RestartPolicy fromWireName(String name) {
        return WireNames.require(values(), RestartPolicy::wireName, name, "restartPolicy");
    }

    public static Optional<RestartPolicy> find(String name) {
        return WireNames.find(values(), RestartPolicy::wireName, name);
    }

    /** The wire spellings, sorted. */
    public static List<String> wireNames() {
        return WireNames.names(values(), RestartPolicy::wireName);
    }
}
