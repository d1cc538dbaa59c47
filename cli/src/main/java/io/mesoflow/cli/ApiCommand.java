package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What a top-level command gets from picocli: the root command (the API client and {@code --json})
 * and its own spec (where its output goes).
 */
abstract class ApiCommand {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    ApiClient client() {
        return parent.client();
    }

    /** The terminal (or pipe) output goes to, and the clock and zone ETAs are shown in. */
    Display display() {
        return parent.display;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** With {@code --json} the API's answer as it is; else what {@code human} prints of it. */
    void print(JsonNode answer, Consumer<PrintWriter> human) {
        if (parent.json) {
            Output.json(out(), answer);
        } else {
            human.accept(out());
        }
    }
}
