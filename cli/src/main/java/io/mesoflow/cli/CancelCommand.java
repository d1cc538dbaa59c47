package io.mesoflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow cancel ID}. */
@Command(name = "cancel", description = "Cancel a job: its tasks are killed and it ends CANCELLED.")
class CancelCommand extends JobCommand implements Callable<Integer> {
    @Option(names = "--reason", description = "why (kept in the job's history)")
    String reason;

    @Override
    public Integer call() {
        String body = ApiClient.JSON.createObjectNode().put("reason", reason).toString();
        client().post("/api/v1/jobs/" + id + "/cancel", body);
        out().println("cancel requested for " + id);
        return ExitCodes.OK;
    }
}
