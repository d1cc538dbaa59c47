package io.mesoflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow list}: the newest jobs. */
@Command(name = "list", description = "List jobs, newest first.")
class ListCommand extends JobListCommand implements Callable<Integer> {
    @Option(names = "--state", description = "only jobs in this state (QUEUED, RUNNING, SUCCEEDED, ...)")
    String state;

    @Override
    public Integer call() {
        list("?limit=" + limit + (state == null ? "" : "&state=" + state.toUpperCase()), false);
        return ExitCodes.OK;
    }
}
