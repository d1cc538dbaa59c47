package io.mesoflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mesoflow cancel ID}. */
@Command(name = "cancel", description = "Cancel a job: its tasks are killed and it ends CANCELLED.")
class CancelCommand implements Callable<Integer> {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Option(names = "--reason", description = "why (kept in the job's history)")
    String reason;

    @Override
    public Integer call() {
        String body = ApiClient.JSON.createObjectNode().put("reason", reason).toString();
        parent.client().post("/api/v1/jobs/" + id + "/cancel", body);
        spec.commandLine().getOut().println("cancel requested for " + id);
        return ExitCodes.OK;
    }
}
