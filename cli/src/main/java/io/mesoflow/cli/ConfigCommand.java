package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mesoflow config set ID key=value...}: a live config change. */
@Command(name = "config", description = "Change a running job's config.", subcommands = ConfigCommand.Set.class)
class ConfigCommand {
    @ParentCommand
    Mesoflow parent;

    @Command(name = "set", description = "Set spec keys of a running job, e.g. context.learning_rate=0.05 "
            + "roles.worker.count=4. Values are JSON when they parse as JSON, else strings. Only the tasks "
            + "whose launch config changes are redeployed.")
    static class Set implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "the job id")
        String id;

        @Parameters(index = "1..*", arity = "1..*", description = "key=value")
        List<String> assignments;

        @Override
        public Integer call() {
            JsonNode job = config.parent.client().patch("/api/v1/jobs/" + id, patchOf(assignments).toString());
            spec.commandLine().getOut().println(id + " is at revision " + job.path("revision").asInt());
            return ExitCodes.OK;
        }
    }

    /** {@code a.b=1} -> {@code {"a":{"b":1}}}; values are JSON when they parse, else strings. */
    static ObjectNode patchOf(List<String> assignments) {
        ObjectNode patch = ApiClient.JSON.createObjectNode();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new CliException(ExitCodes.USAGE, "not key=value: " + assignment);
            }
            String[] path = assignment.substring(0, eq).split("\\.");
            ObjectNode node = patch;
            for (int i = 0; i < path.length - 1; i++) {
                node = node.has(path[i]) && node.get(path[i]).isObject() ? (ObjectNode) node.get(path[i])
                        : node.putObject(path[i]);
            }
            node.set(path[path.length - 1], value(assignment.substring(eq + 1)));
        }
        return patch;
    }

    private static JsonNode value(String text) {
        try {
            return ApiClient.JSON.readTree(text);
        } catch (Exception notJson) {
            return ApiClient.JSON.getNodeFactory().textNode(text);
        }
    }
}
