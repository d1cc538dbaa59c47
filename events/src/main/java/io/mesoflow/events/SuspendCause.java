package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/** Who or what suspended a job. A job suspended by preemption or by its budget resumes by itself; one a user suspended waits for a resume. */
public enum SuspendCause {
    /** A person or system asked (API, CLI, console, Kafka command). */
    USER("user"),
    /** A job of higher priority needed its resources; resumes when resources return. */
    PREEMPTION("preemption"),
    /** Its team's GPU-hour budget was spent; resumes when the window frees budget. */
    BUDGET("budget");

    private final String wireName;

    SuspendCause(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static SuspendCause fromWireName(String name) {
        return WireNames.require(values(), SuspendCause::wireName, name, "cause");
    }

    public static Optional<SuspendCause> find(String name) {
        return WireNames.find(values(), SuspendCause::wireName, name);
    }

    /** The wire spellings, sorted. */
    public static List<String> wireNames() {
        return WireNames.names(values(), SuspendCause::wireName);
    }
}
