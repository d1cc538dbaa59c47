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

/** {@code mesoflow list}: the newest jobs. */
@Command(name = "list", description = "List jobs, newest first.")
class ListCommand implements Callable<Integer> {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--state", description = "only jobs in this state (QUEUED, RUNNING, SUCCEEDED, ...)")
    String state;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        String query = "?limit=" + limit + (state == null ? "" : "&state=" + state.toUpperCase());
        print(parent, spec, parent.client().get("/api/v1/jobs" + query), false);
        return ExitCodes.OK;
    }

    /** Jobs as JSON, or a table (with when each ended, for history). */
    static void print(Mesoflow parent, CommandSpec spec, JsonNode jobs, boolean ended) {
        if (parent.json) {
            Output.json(spec.commandLine().getOut(), jobs);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode job : jobs) {
            List<String> row = new ArrayList<>(List.of(Output.text(job, "id"), Output.text(job, "team"),
                    Output.text(job, "state"), Output.text(job, "submittedAt")));
            if (ended) {
                row.add(Output.text(job, "endedAt"));
            }
            row.add(Output.text(job, "reason"));
            rows.add(row);
        }
        List<String> headers = ended ? List.of("ID", "TEAM", "STATE", "SUBMITTED", "ENDED", "REASON")
                : List.of("ID", "TEAM", "STATE", "SUBMITTED", "REASON");
        Output.table(spec.commandLine().getOut(), headers, rows);
    }
}
