package io.mesoflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow history}: jobs that have ended, newest first. */
@Command(name = "history", description = "List jobs that have ended, newest first.")
class HistoryCommand extends JobListCommand implements Callable<Integer> {
    @Option(names = "--team", description = "only this team's jobs (admins)")
    String team;

    @Override
    public Integer call() {
        list("?ended=true&limit=" + limit + (team == null ? "" : "&team=" + team), true);
        return ExitCodes.OK;
    }
}
