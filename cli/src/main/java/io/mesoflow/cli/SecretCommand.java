package io.mesoflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesoflow secret put|list|delete}: the embedded default's encrypted local secret store
 * ({@code local:} sources), through job-api's {@code /api/v1/secrets} (admins only, audited by
 * name), like every other command: the CLI speaks HTTP only. Values are read from stdin or a
 * file and never printed back.
 */
@Command(name = "secret", description = "Manage the local secret store (local: sources) through the API; "
        + "values are never printed.",
        subcommands = {SecretCommand.Put.class, SecretCommand.ListSecrets.class, SecretCommand.Delete.class})
class SecretCommand {
    @ParentCommand
    Mesoflow parent;

    /** The API path of a secret: each segment encoded ({@code #} would end the path). */
    static String path(String name) {
        return "/api/v1/secrets/" + String.join("/", java.util.Arrays.stream(name.split("/", -1))
                .map(part -> java.net.URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20")).toList());
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
            String value;
            try {
                value = file != null ? Files.readString(file)
                        : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + file);
            }
            secret.parent.client().put(path(name), ApiClient.JSON.createObjectNode().put("value", value).toString());
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
            secret.parent.client().get("/api/v1/secrets").forEach(n -> spec.commandLine().getOut()
                    .println(TerminalText.clean(n.asText())));
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
            secret.parent.client().delete(path(name));
            return ExitCodes.OK;
        }
    }
}
