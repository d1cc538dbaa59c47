package io.mesoflow.cli;

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
        ListCommand.print(parent, spec, parent.client().get("/api/v1/jobs?ended=true&limit=" + limit
                + (team == null ? "" : "&team=" + team)), true);
        return ExitCodes.OK;
    }
}
