package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/** Which running jobs a team's waiting job may preempt (always only jobs of lower priority). */
public enum PreemptionScope {
    /** None: it waits. */
    NEVER("never"),
    /** Only its own team's jobs. */
    WITHIN_TEAM("within-team"),
    /** Its own team's, and other teams' jobs whose priority is below the policy's {@code preemptBelowPriority}. */
    ACROSS_TEAMS("across-teams");

    /** What applies when nothing says otherwise. */
    public static final PreemptionScope DEFAULT = NEVER;

    private final String wireName;

    PreemptionScope(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static PreemptionScope fromWireName(String name) {
        return WireNames.require(values(), PreemptionScope::wireName, name, "preemption");
    }

    public static Optional<PreemptionScope> find(String name) {
        return WireNames.find(values(), PreemptionScope::wireName, name);
    }

    /** The wire spellings, sorted. */
    public static List<String> wireNames() {
        return WireNames.names(values(), PreemptionScope::wireName);
    }
}
