package io.mesoflow.placement.core;

import io.mesoflow.events.Constraint;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether an agent satisfies one of a role's {@link Constraint}s, given where the role's tasks
 * went so far. The grammar lives with {@link Constraint} (one for job-api and placement); this is
 * only the matching, with a {@code LIKE}/{@code UNLIKE} pattern compiled once.
 */
final class ConstraintMatcher {
    private final Constraint constraint;
    private final Pattern pattern;

    ConstraintMatcher(Constraint constraint) {
        this.constraint = constraint;
        this.pattern = constraint.operator() == Constraint.Operator.LIKE
                || constraint.operator() == Constraint.Operator.UNLIKE ? Pattern.compile(constraint.value()) : null;
    }

    Constraint constraint() {
        return constraint;
    }

    /**
     * Whether a task of the role may go to an agent whose field is {@code agentValue}, given how
     * many tasks of the role each value already has ({@code placed}).
     */
    boolean allows(String agentValue, Map<String, Integer> placed) {
        int here = agentValue == null ? 0 : placed.getOrDefault(agentValue, 0);
        String value = constraint.value();
        return switch (constraint.operator()) {
            case UNIQUE -> agentValue != null && here == 0;
            case CLUSTER -> agentValue != null && (value != null ? value.equals(agentValue)
                    : placed.isEmpty() || placed.containsKey(agentValue));
            case GROUP_BY -> true;
            case LIKE -> agentValue != null && pattern.matcher(agentValue).matches();
            case UNLIKE -> agentValue == null || !pattern.matcher(agentValue).matches();
            case MAX_PER -> agentValue != null && here < Integer.parseInt(value);
        };
    }
}
