package io.mesoflow.placement.core;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Marathon-style placement constraint on one role's tasks: {@code [field, operator, value?]}
 * where {@code field} is {@code hostname} or an agent attribute.
 * <ul>
 *   <li>{@code UNIQUE}: every task of the role on a different value (e.g. a different host);</li>
 *   <li>{@code CLUSTER value}: only on agents whose field is {@code value}; without a value, all on
 *       one value;</li>
 *   <li>{@code GROUP_BY}: spread evenly over the field's values (a preference, not a filter);</li>
 *   <li>{@code LIKE regex} / {@code UNLIKE regex}: the field matches / does not match (an agent
 *       without the attribute never matches);</li>
 *   <li>{@code MAX_PER n}: at most {@code n} tasks of the role per value.</li>
 * </ul>
 */
public record Constraint(String field, Operator operator, String value, Pattern pattern) {
    public enum Operator { UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER }

    public static Constraint parse(List<String> parts) {
        if (parts.size() < 2 || parts.size() > 3) {
            throw new IllegalArgumentException("a constraint is [field, operator] or [field, operator, value]: " + parts);
        }
        Operator operator = Operator.valueOf(parts.get(1).toUpperCase(java.util.Locale.ROOT));
        String value = parts.size() == 3 ? parts.get(2) : null;
        if ((operator == Operator.LIKE || operator == Operator.UNLIKE || operator == Operator.MAX_PER) && value == null) {
            throw new IllegalArgumentException(operator + " needs a value");
        }
        if (operator == Operator.MAX_PER && Integer.parseInt(value) < 1) {
            throw new IllegalArgumentException("MAX_PER needs a whole number of at least 1");
        }
        Pattern pattern = operator == Operator.LIKE || operator == Operator.UNLIKE ? Pattern.compile(value) : null;
        return new Constraint(parts.get(0), operator, value, pattern);
    }

    /**
     * Whether a task of the role may go to an agent whose field is {@code agentValue}, given how
     * many tasks of the role each value already has ({@code placed}).
     */
    public boolean allows(String agentValue, Map<String, Integer> placed) {
        int here = agentValue == null ? 0 : placed.getOrDefault(agentValue, 0);
        return switch (operator) {
            case UNIQUE -> agentValue != null && here == 0;
            case CLUSTER -> agentValue != null && (value != null ? value.equals(agentValue)
                    : placed.isEmpty() || placed.containsKey(agentValue));
            case GROUP_BY -> true;
            case LIKE -> agentValue != null && pattern.matcher(agentValue).matches();
            case UNLIKE -> agentValue == null || !pattern.matcher(agentValue).matches();
            case MAX_PER -> agentValue != null && here < Integer.parseInt(value);
        };
    }

    @Override
    public String toString() {
        return "[" + field + " " + operator + (value == null ? "" : " " + value) + "]";
    }
}
