package io.mesoflow.cli;

import io.mesoflow.events.secrets.LocalSecretStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesoflow secret put|list|delete}: the embedded default's encrypted local secret store
 * ({@code local:} sources). Values are read from stdin or a file and never printed back.
 */
@Command(name = "secret", description = "Manage the local secret store (local: sources); values are never printed.",
        subcommands = {SecretCommand.Put.class, SecretCommand.ListSecrets.class, SecretCommand.Delete.class})
class SecretCommand {
    @Option(names = "--store", description = "the store directory (else $MESOFLOW_SECRETS_DIR, else ~/.mesoflow/secrets)")
    Path store;

    LocalSecretStore store() {
        Path dir = store != null ? store
                : System.getenv("MESOFLOW_SECRETS_DIR") != null ? Path.of(System.getenv("MESOFLOW_SECRETS_DIR"))
                : Path.of(System.getProperty("user.home"), ".mesoflow", "secrets");
        return new LocalSecretStore(dir);
    }

    /** {@code secret put NAME [--from-file F]}: the value from stdin (one line, trailing newline dropped) or a file. */
    @Command(name = "put", description = "Store a secret, e.g. teams/ml/gcs#key; the value comes from stdin or --from-file.")
    static class Put implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Parameters(index = "0", description = "the name, e.g. teams/ml/gcs#key (jobs use local:teams/ml/gcs#key)")
        String name;

        @Option(names = "--from-file", description = "read the value from this file (as it is)")
        Path file;

        @Override
        public Integer call() throws IOException {
            String value = file != null ? Files.readString(file)
                    : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
            try {
                secret.store().put(name, value);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            System.err.println("stored " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List the names of stored secrets (never their values).")
    static class ListSecrets implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            secret.store().list().forEach(spec.commandLine().getOut()::println);
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete a stored secret.")
    static class Delete implements Callable<Integer> {
        @ParentCommand
        SecretCommand secret;

        @Parameters(index = "0", description = "the name")
        String name;

        @Override
        public Integer call() {
            if (!secret.store().delete(name)) {
                throw new CliException(ExitCodes.NOT_FOUND, "no secret " + name);
            }
            return ExitCodes.OK;
        }
    }
}
