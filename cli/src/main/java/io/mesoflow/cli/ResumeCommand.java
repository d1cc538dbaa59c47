package io.mesoflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow resume ID [--reason ...]}. */
@Command(name = "resume", description = "Resume a job you suspended: it goes back to the queue and its tasks "
        + "restore from the latest checkpoint.")
class ResumeCommand extends JobCommand implements Callable<Integer> {
    @Option(names = "--reason", description = "why (kept in the job's timeline)")
    String reason;

    @Override
    public Integer call() {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        com.fasterxml.jackson.databind.JsonNode job = client().post("/api/v1/jobs/" + id + "/resume", body.toString());
        out().println("resume requested for " + id + " (now " + Output.text(job, "state") + ")");
        return ExitCodes.OK;
    }
}
