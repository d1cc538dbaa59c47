package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a suspend, resume or cancel request: the REST bodies ({@code {"reason", "gracePeriodSeconds"}})
 * and the Kafka commands on {@code mesoflow.job-commands}
 * ({@code {"jobId", "team", "action", "reason", "gracePeriodSeconds"}}). Collects every invalid
 * field, then throws {@link SpecValidationException}.
 */
public final class JobCommandParser {
    /** The longest reason a suspend or resume may give. */
    public static final int REASON_CHARS = 500;
    static final Set<String> BODY_FIELDS = Set.of("reason", "gracePeriodSeconds");
    static final Set<String> COMMAND_FIELDS = Set.of("jobId", "team", "action", "reason", "gracePeriodSeconds");

    /** What a command asks for. */
    public enum Action {
        SUSPEND, RESUME, CANCEL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A valid request; {@code jobId} and {@code team} only on a Kafka command. */
    public record Command(String jobId, String team, Action action, String reason, Long gracePeriodSeconds) {
    }

    private JobCommandParser() {
    }

    /** A REST body for {@code action}; null or empty: no reason, no grace period. */
    public static Command body(Action action, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new Command(null, null, action, null, null);
        }
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw new SpecValidationException(List.of(new FieldError("", "the body must be a JSON object")));
        }
        JsonFields fields = new JsonFields(body, "", errors);
        fields.rejectUnknown(action == Action.SUSPEND ? BODY_FIELDS : Set.of("reason"));
        String reason = reason(fields);
        Long grace = action == Action.SUSPEND ? grace(fields) : null;
        check(errors);
        return new Command(null, null, action, reason, grace);
    }

    /** A command from Kafka: jobId, team and action required; a grace period only with {@code suspend}. */
    public static Command command(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new SpecValidationException(List.of(new FieldError("", "the command must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonFields fields = new JsonFields(json, "", errors);
        fields.rejectUnknown(COMMAND_FIELDS);
        String jobId = fields.string("jobId", true);
        String team = fields.string("team", true);
        String actionName = fields.string("action", true);
        Action action = null;
        if (actionName != null) {
            try {
                action = Action.valueOf(actionName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                fields.error("action", "must be one of [cancel, resume, suspend]");
            }
        }
        String reason = reason(fields);
        Long grace = grace(fields);
        if (grace != null && action != null && action != Action.SUSPEND) {
            fields.error("gracePeriodSeconds", "applies only to suspend");
        }
        for (String id : new String[] {"jobId", "team"}) {
            String value = "jobId".equals(id) ? jobId : team;
            if (value != null && SpecLimits.lineProblem(value, 200) != null) {
                fields.error(id, SpecLimits.lineProblem(value, 200));
            }
        }
        check(errors);
        return new Command(jobId, team, action, reason, grace);
    }

    private static String reason(JsonFields fields) {
        String reason = fields.string("reason", false);
        String problem = reason == null ? null : SpecLimits.lineProblem(reason, REASON_CHARS);
        if (problem != null) {
            fields.error("reason", problem);
            return null;
        }
        return reason;
    }

    private static Long grace(JsonFields fields) {
        return fields.longValue("gracePeriodSeconds", 0, JobSpecParser.MAX_GRACE_PERIOD_SECONDS);
    }

    private static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }
}
