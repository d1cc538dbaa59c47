package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mesoflow CLI jar, run as a user runs it, against the live services. */
class CliEndToEndIT {
    static LocalStack stack;
    static final Path CLI = LocalStack.repositoryRoot().resolve("cli/target/mesoflow.jar");

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    static Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CLI.toString(), "--api", stack.apiUrl()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    @Test
    void submitWaitStatusAndEventsOfTheExampleJob() throws Exception {
        Run submit = cli("submit", Jobs.EXAMPLE.resolve("single-worker.json").toString());
        assertThat(submit.code()).as(submit.err()).isZero();
        String id = submit.out().strip();

        Run wait = cli("wait", id);
        assertThat(wait.code()).as(wait.err()).isEqualTo(0);
        assertThat(wait.err()).contains("SUCCEEDED");

        Run status = cli("status", id);
        assertThat(status.out()).contains(id + "  SUCCEEDED", "worker-0", "FINISHED");
        Run events = cli("events", id);
        assertThat(events.out()).contains("SUBMITTED", "RUNNING", "SUCCEEDED");
        Run list = cli("--json", "list", "--state", "SUCCEEDED");
        assertThat(list.out()).contains(id);
    }

    @Test
    void configSetAndCancelOfARunningJob() throws Exception {
        Path spec = Files.createTempFile("long", ".json");
        Files.writeString(spec, Jobs.longTraining(5000).toString());
        String id = cli("submit", spec.toString()).out().strip();
        Jobs.awaitState(stack, id, java.time.Duration.ofSeconds(60), "RUNNING");

        Run set = cli("config", "set", id, "context.learning_rate=0.2");
        assertThat(set.out()).as(set.err()).contains("revision 2");

        assertThat(cli("cancel", id, "--reason", "enough").code()).isZero();
        Run wait = cli("wait", id);
        assertThat(wait.code()).isEqualTo(6);
    }

    @Test
    void anInvalidSpecExitsSevenWithEveryBadField() throws Exception {
        Path spec = Files.createTempFile("bad", ".json");
        Files.writeString(spec, "{\"name\": \"Bad\", \"roles\": {}}");

        Run submit = cli("submit", spec.toString());

        assertThat(submit.code()).isEqualTo(7);
        assertThat(submit.err()).contains("name:", "artifactUrl: is required", "entryPoint: is required");
    }
}
