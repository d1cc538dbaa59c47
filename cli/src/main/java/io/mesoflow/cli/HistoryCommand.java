package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mesoflow history}: jobs that have ended, newest first. */
@Command(name = "history", description = "List jobs that have ended, newest first.")
class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--team", description = "only this team's jobs (admins)")
    String team;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        JsonNode jobs = parent.client().get("/api/v1/jobs?ended=true&limit=" + limit
                + (team == null ? "" : "&team=" + team));
        if (parent.json) {
            Output.json(spec.commandLine().getOut(), jobs);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode job : jobs) {
            rows.add(List.of(Output.text(job, "id"), Output.text(job, "team"), Output.text(job, "state"),
                    Output.text(job, "submittedAt"), Output.text(job, "endedAt"), Output.text(job, "reason")));
        }
        Output.table(spec.commandLine().getOut(), List.of("ID", "TEAM", "STATE", "SUBMITTED", "ENDED", "REASON"), rows);
        return ExitCodes.OK;
    }
}
