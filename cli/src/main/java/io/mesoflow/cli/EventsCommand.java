package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mesoflow events ID}: the job's timeline. */
@Command(name = "events", description = "Show a job's timeline: job states, task states, config revisions.")
class EventsCommand extends JobCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        JsonNode events = client().get("/api/v1/jobs/" + id + "/events");
        print(events, out -> table(out, events));
        return ExitCodes.OK;
    }

    private static void table(PrintWriter out, JsonNode events) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : events) {
            String task = e.hasNonNull("task") ? TerminalText.clean(e.get("task").asText() + "/" + e.path("attempt").asText())
                    : "";
            rows.add(List.of(Output.text(e, "at"), Output.text(e, "kind"), task, Output.text(e, "state"),
                    Output.text(e, "message")));
        }
        Output.table(out, List.of("AT", "KIND", "TASK", "STATE", "MESSAGE"), rows);
    }
}
