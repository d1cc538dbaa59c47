package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** A command that lists jobs, newest first: {@code list} and {@code history}. */
abstract class JobListCommand extends ApiCommand {
    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit;

    /** Prints the jobs {@code /api/v1/jobs} + {@code query} answers (with when each ended, for history). */
    void list(String query, boolean ended) {
        JsonNode jobs = client().get("/api/v1/jobs" + query);
        print(jobs, out -> table(out, jobs, ended));
    }

    private static void table(PrintWriter out, JsonNode jobs, boolean ended) {
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
        Output.table(out, headers, rows);
    }
}
