package io.mesoflow.cli;

import picocli.CommandLine.Parameters;

/** A command about one job, named by its first parameter. */
abstract class JobCommand extends ApiCommand {
    @Parameters(index = "0", description = "the job id")
    String id;
}
