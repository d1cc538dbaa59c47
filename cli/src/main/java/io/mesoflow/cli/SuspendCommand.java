package io.mesoflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow suspend ID [--grace 30s] [--reason ...]}. */
@Command(name = "suspend", description = "Suspend a job: its tasks get a preemption notice and a grace period to "
        + "checkpoint, then are killed; it stays SUSPENDED (keeping its history and output) until resumed.")
class SuspendCommand extends JobCommand implements Callable<Integer> {
    @Option(names = "--grace", description = "the time from the notice to the kill: 30s, 2m, 1h or seconds "
            + "(default: the job's gracePeriodSeconds, else the cluster's)")
    String grace;

    @Option(names = "--reason", description = "why (kept in the job's timeline)")
    String reason;

    @Override
    public Integer call() {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        if (grace != null) {
            body.put("gracePeriodSeconds", Durations.seconds(grace, "--grace"));
        }
        com.fasterxml.jackson.databind.JsonNode job = client().post("/api/v1/jobs/" + id + "/suspend", body.toString());
        out().println("suspend requested for " + id + " (now " + Output.text(job, "state") + ")");
        return ExitCodes.OK;
    }
}
