package io.mesoflow.placement.core;

import io.mesoflow.events.Constraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one role's tasks are spread so far, per constraint field value, while {@link GangPlacer}
 * places a job. A role without constraints (most roles) answers without looking at the agent, so
 * the placer's scan over every agent costs nothing extra for it.
 */
final class RoleSpread {
    private final List<ConstraintMatcher> constraints;
    private final boolean groupsBy;
    private final Map<String, Map<String, Integer>> placed = new HashMap<>();

    RoleSpread(List<Constraint> constraints) {
        this.constraints = constraints.stream().map(ConstraintMatcher::new).toList();
        this.groupsBy = constraints.stream().anyMatch(c -> c.operator() == Constraint.Operator.GROUP_BY);
    }

    /** Whether the role prefers the least used values of an attribute ({@code GROUP_BY}). */
    boolean groupsBy() {
        return groupsBy;
    }

    /** Whether the role has no constraints: every agent is allowed, none is preferred. */
    boolean unconstrained() {
        return constraints.isEmpty();
    }

    boolean allows(AgentCapacity agent) {
        for (ConstraintMatcher matcher : constraints) {
            if (!allows(matcher, agent)) {
                return false;
            }
        }
        return true;
    }

    private boolean allows(ConstraintMatcher matcher, AgentCapacity agent) {
        String field = matcher.constraint().field();
        return matcher.allows(agent.attribute(field), placed.getOrDefault(field, Map.of()));
    }

    String firstViolated(AgentCapacity agent) {
        return constraints.stream().filter(c -> !allows(c, agent))
                .map(c -> c.constraint().toString()).findFirst().orElse("the role's constraints");
    }

    /** How many of the role's tasks already went to the agent's {@code GROUP_BY} values (0 without one). */
    int groupLoad(AgentCapacity agent) {
        if (!groupsBy) {
            return 0;
        }
        int load = 0;
        for (ConstraintMatcher matcher : constraints) {
            Constraint c = matcher.constraint();
            if (c.operator() == Constraint.Operator.GROUP_BY) {
                load += placed.getOrDefault(c.field(), Map.of()).getOrDefault(agent.attribute(c.field()), 0);
            }
        }
        return load;
    }

    void record(AgentCapacity agent) {
        for (ConstraintMatcher matcher : constraints) {
            String field = matcher.constraint().field();
            String value = agent.attribute(field);
            if (value != null) {
                placed.computeIfAbsent(field, f -> new HashMap<>()).merge(value, 1, Integer::sum);
            }
        }
    }
}
