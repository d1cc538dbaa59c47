package io.mesoflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow}: the command line of MesoFlow. */
@Command(name = "mesoflow", mixinStandardHelpOptions = true, version = "mesoflow 0.1.0",
        description = "Run distributed TensorFlow training jobs on MesoFlow.",
        subcommands = {SubmitCommand.class, ListCommand.class, StatusCommand.class, WaitCommand.class,
                CancelCommand.class, SuspendCommand.class, ResumeCommand.class, ConfigCommand.class, EventsCommand.class, LogsCommand.class,
                HistoryCommand.class, TopCommand.class, TeamsCommand.class, QuotaCommand.class, SecretCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (wait: the job SUCCEEDED)", "1:wait: the job FAILED", "2:bad command line",
                "3:the API answered an error or could not be reached", "4:no such job or file",
                "5:wait: timed out", "6:wait: the job was CANCELLED", "7:the job spec is invalid",
                "8:no token, a bad token, or not allowed (HTTP 401/403)"})
public class Mesoflow {
    @Option(names = "--api", description = "API base URL (else $MESOFLOW_API, ~/.mesoflow/config, "
            + CliConfig.DEFAULT_API + ")")
    String api;

    @Option(names = "--json", description = "Print JSON for scripts instead of tables")
    boolean json;

    /** Where output goes: the real terminal, or what a test gives {@link #run(String[], PrintWriter, PrintWriter, Display)}. */
    Display display = Display.plain(java.time.Clock.systemUTC());

    ApiClient client() {
        return new ApiClient(CliConfig.resolve(api, System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Display.detect());
    }

    /** Runs a command line as if its output went to {@code display}; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Display display) {
        Mesoflow root = new Mesoflow();
        root.display = display;
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException failure) {
                err.println("mesoflow: " + failure.getMessage());
                return failure.exitCode();
            }
            err.println("mesoflow: " + e);
            return ExitCodes.API_ERROR;
        });
        return cli.execute(args);
    }
}
