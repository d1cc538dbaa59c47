package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/** What happens to a team's running GPU jobs when its GPU-hour budget is spent. */
public enum BudgetPolicy {
    /** They are suspended (notice, grace, checkpoint) and resume when the window frees budget. */
    SUSPEND("suspend"),
    /** They run on to the end; only new GPU jobs wait (the behaviour before budgets acted). */
    FINISH_RUNNING("finish-running");

    /** What applies when nothing says otherwise. */
    public static final BudgetPolicy DEFAULT = FINISH_RUNNING;

    private final String wireName;

    BudgetPolicy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static BudgetPolicy fromWireName(String name) {
        return WireNames.require(values(), BudgetPolicy::wireName, name, "budgetPolicy");
    }

    public static Optional<BudgetPolicy> find(String name) {
        return WireNames.find(values(), BudgetPolicy::wireName, name);
    }

    /** The wire spellings, sorted. */
    public static List<String> wireNames() {
        return WireNames.names(values(), BudgetPolicy::wireName);
    }
}
