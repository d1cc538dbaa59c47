package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mesoflow status ID}: a job and a line per task. */
@Command(name = "status", description = "Show a job and each of its tasks.")
class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Override
    public Integer call() {
        JsonNode job = parent.client().get("/api/v1/jobs/" + id);
        if (parent.json) {
            Output.json(spec.commandLine().getOut(), job);
        } else {
            print(spec.commandLine().getOut(), job);
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, JsonNode job) {
        out.printf("%s  %s  %s%n", Output.text(job, "id"), Output.text(job, "state"),
                job.hasNonNull("reason") ? "(" + job.get("reason").asText() + ")" : "");
        out.printf("output: %s%n", Output.text(job, "outputDir"));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode task : job.path("tasks")) {
            rows.add(List.of(Output.text(task, "name"), Output.text(task, "attempt"), Output.text(task, "state"),
                    Output.text(task, "address"), Output.text(task, "exitCode"), Output.text(task, "sandbox")));
        }
        if (!rows.isEmpty()) {
            Output.table(out, List.of("TASK", "ATTEMPT", "STATE", "ADDRESS", "EXIT", "SANDBOX"), rows);
        }
    }
}
