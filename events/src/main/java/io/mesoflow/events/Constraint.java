package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Marathon-style placement constraint on one role's tasks. On the wire it is the array
 * {@code [field, operator]} or {@code [field, operator, value]}, e.g. {@code ["hostname", "UNIQUE"]};
 * this is the one grammar for it (job-api reports {@link #problem(List)}, placement matches agents
 * against parsed ones), so an instance is always valid. {@code field} is {@code hostname} or an
 * agent attribute; the operators are {@link Operator}'s. The operator is read in any case and
 * written in upper case.
 */
public record Constraint(String field, Operator operator, String value) {
    private static final Pattern MAX_PER_VALUE = Pattern.compile("[1-9][0-9]{0,5}");

    public enum Operator {
        /** Every task of the role on a different value (e.g. a different host). */
        UNIQUE,
        /** Only on agents whose field is the value; without a value, all on one value. */
        CLUSTER,
        /** Spread evenly over the field's values (a preference, not a filter). */
        GROUP_BY,
        /** The field matches the regular expression value (an agent without it never matches). */
        LIKE,
        /** The field does not match the regular expression value. */
        UNLIKE,
        /** At most value (a whole number of at least 1) tasks of the role per field value. */
        MAX_PER
    }

    public Constraint {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        String problem = valueProblem(operator, value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static Constraint of(String field, Operator operator) {
        return new Constraint(field, operator, null);
    }

    /** Reads the wire form; anything but a valid constraint is an error saying what is wrong ({@link #problem}). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Constraint parse(List<String> parts) {
        String problem = problem(parts);
        if (problem != null) {
            throw new IllegalArgumentException("invalid constraint " + parts + ": " + problem);
        }
        return new Constraint(parts.get(0), Operator.valueOf(parts.get(1).toUpperCase(Locale.ROOT)),
                parts.size() == 3 ? parts.get(2) : null);
    }

    /** What is wrong with the wire form {@code parts}, or null when it is a valid constraint. */
    public static String problem(List<String> parts) {
        if (parts == null || parts.size() < 2 || parts.size() > 3) {
            return "must be [field, operator] or [field, operator, value]";
        }
        if (parts.stream().anyMatch(Objects::isNull)) {
            return "each part must be a string or a number";
        }
        String name = parts.get(1).toUpperCase(Locale.ROOT);
        if (Arrays.stream(Operator.values()).noneMatch(o -> o.name().equals(name))) {
            return "unknown operator '" + ShownText.of(parts.get(1)) + "'; use UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE "
                    + "or MAX_PER";
        }
        return valueProblem(Operator.valueOf(name), parts.size() == 3 ? parts.get(2) : null);
    }

    private static String valueProblem(Operator operator, String value) {
        switch (operator) {
            case LIKE, UNLIKE:
                if (value == null) {
                    return operator + " needs a regular expression";
                }
                try {
                    Pattern.compile(value);
                    return null;
                } catch (PatternSyntaxException e) {
                    return "'" + value + "' is not a regular expression: " + e.getDescription();
                }
            case MAX_PER:
                return value != null && MAX_PER_VALUE.matcher(value).matches() ? null
                        : "MAX_PER needs a whole number of at least 1";
            default:
                return null;
        }
    }

    /** The wire form: exactly the array it was read from (the operator in upper case). */
    @JsonValue
    public List<String> parts() {
        List<String> parts = new ArrayList<>(List.of(field, operator.name()));
        if (value != null) {
            parts.add(value);
        }
        return List.copyOf(parts);
    }

    /** As problems name it, e.g. {@code [hostname UNIQUE]}. */
    @Override
    public String toString() {
        return "[" + field + " " + operator + (value == null ? "" : " " + value) + "]";
    }
}
