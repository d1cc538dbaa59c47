package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesoflow quota [TEAM]}: a team's quota and usage; {@code quota set TEAM ...} changes it (admins). */
@Command(name = "quota", description = "Show a team's quota and usage (default: your team).",
        subcommands = QuotaCommand.Set.class)
class QuotaCommand extends ApiCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("TEAM", "CPUS", "MEM_MB", "GPUS", "GPU_HOURS", "WINDOW_H", "ACTIVE",
            "QUEUED", "GPU_HOURS_USED");

    @Parameters(index = "0", arity = "0..1", description = "the team (default: the caller's)")
    String team;

    @Override
    public Integer call() {
        String name = team != null ? team : client().get("/api/v1/whoami").path("team").asText(null);
        if (name == null) {
            throw new CliException(ExitCodes.USAGE, "an admin token belongs to no team: name one, e.g. mesoflow quota ml");
        }
        show(client().get("/api/v1/teams/" + name));
        return ExitCodes.OK;
    }

    /** One team's quota and usage: the API's JSON, or a one-row table. */
    void show(JsonNode view) {
        print(view, out -> Output.table(out, HEADERS, List.of(row(view))));
    }

    static List<String> row(JsonNode team) {
        JsonNode quota = team.path("quota");
        JsonNode usage = team.path("usage");
        return List.of(Output.text(team, "name"), limit(quota, "cpus"), limit(quota, "memMb"), limit(quota, "gpus"),
                limit(quota, "gpuHoursBudget"), Output.text(quota, "windowHours"), Output.text(usage, "activeJobs"),
                Output.text(usage, "queuedJobs"), String.format("%.2f", usage.path("gpuHoursUsed").asDouble()));
    }

    private static String limit(JsonNode quota, String field) {
        return quota.hasNonNull(field) ? quota.get(field).asText() : "unlimited";
    }

    /** {@code mesoflow quota set TEAM --gpus 8 ...}: creates the team if needed; absent limits mean none. */
    @Command(name = "set", description = "Create a team or set its quota (admins only); an absent limit means none.")
    static class Set implements Callable<Integer> {
        @ParentCommand
        QuotaCommand quota;

        @Parameters(index = "0", description = "the team")
        String team;

        @Option(names = "--cpus", description = "CPUs the team may hold at once")
        Double cpus;

        @Option(names = "--mem-mb", description = "memory (MiB) the team may hold at once")
        Double memMb;

        @Option(names = "--gpus", description = "GPUs the team may hold at once")
        Integer gpus;

        @Option(names = "--gpu-hours", description = "GPU-hours per rolling window")
        Double gpuHours;

        @Option(names = "--window-hours", description = "the budget's rolling window (default 168)")
        Integer windowHours;

        @Option(names = "--window", description = "the budget's window as a duration (30s, 10m, 2h): windowSeconds, "
                + "which wins over --window-hours")
        String window;

        @Option(names = "--budget-policy", description = "when the budget is spent: suspend (running GPU jobs are "
                + "suspended) or finish-running (the default: only new GPU jobs wait)")
        String budgetPolicy;

        @Option(names = "--preemption", description = "which running jobs of lower priority the team's waiting jobs "
                + "may preempt: never, within-team or across-teams (default: the cluster's policy)")
        String preemption;

        @Option(names = "--preempt-below-priority", description = "with across-teams: other teams' jobs only below "
                + "this priority")
        Integer preemptBelowPriority;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (cpus != null) body.put("cpus", cpus);
            if (memMb != null) body.put("memMb", memMb);
            if (gpus != null) body.put("gpus", gpus);
            if (gpuHours != null) body.put("gpuHoursBudget", gpuHours);
            if (windowHours != null) body.put("windowHours", windowHours);
            if (window != null) body.put("windowSeconds", Durations.seconds(window, "--window"));
            if (budgetPolicy != null) body.put("budgetPolicy", budgetPolicy);
            if (preemption != null) body.put("preemption", preemption);
            if (preemptBelowPriority != null) body.put("preemptBelowPriority", preemptBelowPriority);
            quota.show(quota.client().put("/api/v1/teams/" + team, body.toString()));
            return ExitCodes.OK;
        }
    }
}
