package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mesoflow events ID}: the job's timeline. */
@Command(name = "events", description = "Show a job's timeline: job states, task states, config revisions.")
class EventsCommand implements Callable<Integer> {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Override
    public Integer call() {
        JsonNode events = parent.client().get("/api/v1/jobs/" + id + "/events");
        if (parent.json) {
            Output.json(spec.commandLine().getOut(), events);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : events) {
            String task = e.hasNonNull("task") ? e.get("task").asText() + "/" + e.path("attempt").asText() : "";
            rows.add(List.of(Output.text(e, "at"), Output.text(e, "kind"), task, Output.text(e, "state"),
                    Output.text(e, "message")));
        }
        Output.table(spec.commandLine().getOut(), List.of("AT", "KIND", "TASK", "STATE", "MESSAGE"), rows);
        return ExitCodes.OK;
    }
}
