package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.service.TeamService.Quota;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a team's quota ({@code PUT /api/v1/teams/{team}}): {@code cpus}, {@code memMb}, {@code gpus},
 * {@code gpuHoursBudget} (absent or null: no limit) and {@code windowHours} (default 168, a week).
 */
public final class QuotaParser {
    public static final int DEFAULT_WINDOW_HOURS = 168;
    static final Set<String> FIELDS = Set.of("cpus", "memMb", "gpus", "gpuHoursBudget", "windowHours");

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
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new Quota(cpus, memMb, gpus, budget, window == null ? DEFAULT_WINDOW_HOURS : window);
    }
}
