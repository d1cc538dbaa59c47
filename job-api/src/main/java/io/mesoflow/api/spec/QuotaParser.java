package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.service.TeamService.Quota;
import io.mesoflow.events.BudgetPolicy;
import io.mesoflow.events.PreemptionScope;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Function;
import java.util.List;
import java.util.Set;

/**
 * Reads a team's quota ({@code PUT /api/v1/teams/{team}}): {@code cpus}, {@code memMb}, {@code gpus},
 * {@code gpuHoursBudget} (absent or null: no limit), {@code windowHours} (default 168, a week) or
 * {@code windowSeconds} (which wins when set), {@code budgetPolicy} ({@code suspend} or
 * {@code finish-running}), {@code preemption} ({@code never}, {@code within-team},
 * {@code across-teams}) and {@code preemptBelowPriority} (absent: the cluster's settings).
 */
public final class QuotaParser {
    public static final int DEFAULT_WINDOW_HOURS = 168;
    static final Set<String> FIELDS = Set.of("cpus", "memMb", "gpus", "gpuHoursBudget", "windowHours", "windowSeconds",
            "budgetPolicy", "preemption", "preemptBelowPriority");

    private QuotaParser() {
    }

    public static Quota parse(String team, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (!SpecLimits.TEAM.matcher(team).matches()) {
            errors.add(new FieldError("team", SpecLimits.TEAM_RULE));
        }
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("", "must be a JSON object"));
            throw new SpecValidationException(errors);
        }
        JsonFields fields = new JsonFields(body, "", errors);
        fields.rejectUnknown(FIELDS);
        Double cpus = fields.nonNegative("cpus", 1_000_000);
        Double memMb = fields.nonNegative("memMb", 1e12);
        Integer gpus = fields.integer("gpus", 0, 1_000_000);
        Double budget = fields.nonNegative("gpuHoursBudget", 1e9);
        Integer window = fields.integer("windowHours", 1, 24 * 366);
        Long windowSeconds = fields.longValue("windowSeconds", 1, 366L * 24 * 3600);
        BudgetPolicy policy = oneOf(fields, "budgetPolicy", BudgetPolicy::find, BudgetPolicy.wireNames());
        PreemptionScope preemption = oneOf(fields, "preemption", PreemptionScope::find, PreemptionScope.wireNames());
        Integer below = fields.integer("preemptBelowPriority", -1000, 1001);
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new Quota(cpus, memMb, gpus, budget, window == null ? DEFAULT_WINDOW_HOURS : window, windowSeconds,
                policy, preemption, below);
    }

    private static <P> P oneOf(JsonFields fields, String name, Function<String, Optional<P>> find, List<String> names) {
        String value = fields.string(name, false);
        Optional<P> found = value == null ? Optional.empty() : find.apply(value);
        if (value != null && found.isEmpty()) {
            fields.error(name, "must be one of " + names);
        }
        return found.orElse(null);
    }
}
