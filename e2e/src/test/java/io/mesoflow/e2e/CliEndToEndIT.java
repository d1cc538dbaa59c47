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
import org.junit.jupiter.api.io.TempDir;

/** The mesoflow CLI jar, run as a user runs it, against the live services. */
class CliEndToEndIT {
    static LocalStack stack;
    /** The runs' outputs, HOMEs and specs: removed with the class, not left in /tmp. */
    @TempDir
    static Path scratch;
    static final Path CLI = LocalStack.repositoryRoot().resolve("cli/target/mesoflow.jar");

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    static Run cli(String... args) throws IOException, InterruptedException {
        return cliAs(stack.adminToken(), args);
    }

    /** Runs the CLI with {@code MESOFLOW_TOKEN} set to {@code token} (none when null). */
    static Run cliAs(String token, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(CliJvm.command(CLI));
        command.addAll(List.of("--api", stack.apiUrl()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(scratch, "cli", ".out");
        Path err = Files.createTempFile(scratch, "cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("MESOFLOW_TOKEN");
        builder.environment().put("HOME", Files.createTempDirectory(scratch, "cli-home").toString());
        if (token != null) {
            builder.environment().put("MESOFLOW_TOKEN", token);
        }
        Process p = builder.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        CliJvm.exited(command);
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
        Path spec = Files.createTempFile(scratch, "long", ".json");
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
    void secretsGoThroughTheApiSoTheyAreAuditedAndNeverPrinted() throws Exception {
        Path value = Files.writeString(Files.createTempFile(scratch, "secret", ".txt"), "cli-secret-value");

        Run put = cli("secret", "put", "teams/default/cli#key", "--from-file", value.toString());
        Run list = cli("secret", "list");

        assertThat(put.code()).as(put.err()).isZero();
        assertThat(list.out()).contains("teams/default/cli#key").doesNotContain("cli-secret-value");
        assertThat(storedSecretFile("teams/default/cli#key")).as("job-api wrote it to the store, encrypted")
                .exists().content().doesNotContain("cli-secret-value");
        assertThat(cli("secret", "delete", "teams/default/cli#key").code()).isZero();
        assertThat(cliAs(null, "secret", "list").code()).isNotZero();
        assertThat(Jobs.api(stack).queryParam("kind", "SECRET_PUT").get("/api/v1/audit").then().statusCode(200)
                .extract().asString()).contains("secret teams/default/cli#key").doesNotContain("cli-secret-value");
    }

    @Test
    void anInvalidSpecExitsSevenWithEveryBadField() throws Exception {
        Path spec = Files.createTempFile(scratch, "bad", ".json");
        Files.writeString(spec, "{\"name\": \"Bad\", \"roles\": {}}");

        Run submit = cli("submit", spec.toString());

        assertThat(submit.code()).isEqualTo(7);
        assertThat(submit.err()).contains("name:", "artifactUrl: is required", "entryPoint: is required");
    }

    @Test
    void logsShowsATasksOutputAndFollowsItUntilTheTaskEnds() throws Exception {
        Path spec = Files.createTempFile(scratch, "follow", ".json");
        Files.writeString(spec, Jobs.longTraining(60).toString());
        String id = cli("submit", spec.toString()).out().strip();
        Jobs.awaitState(stack, id, java.time.Duration.ofSeconds(60), "RUNNING");

        Run follow = cli("logs", id, "chief-0", "-f", "--stream", "stdout");

        assertThat(follow.code()).as(follow.err()).isZero();
        assertThat(follow.out()).contains("[chief-0] training on").containsPattern("finished at step \\d+");
        Run all = cli("logs", id, "chief-0", "--stream", "stdout", "--tail", "10000000");
        assertThat(all.out()).isEqualTo(follow.out());
        Run tail = cli("logs", id, "chief-0", "--stream", "stdout", "--tail", "60");
        assertThat(tail.out()).hasSize(60).endsWith("\n");
        assertThat(follow.out()).endsWith(tail.out());
        Run stderr = cli("logs", id, "chief-0", "--stream", "stderr", "--tail", "10000000");
        assertThat(stderr.code()).isZero();
        assertThat(cli("logs", id, "chief-0", "--tail", "10000000").out()).as("both, in labelled sections")
                .isEqualTo("==> stdout <==\n" + all.out() + (all.out().isEmpty() || all.out().endsWith("\n") ? "" : "\n")
                        + "==> stderr <==\n" + stderr.out());
        assertThat(cli("logs", id, "wizard-7").code()).isEqualTo(4);
    }

    @Test
    void teamsQuotaAndHistoryForAnAdminAndATeamMember() throws Exception {
        String team = "cli" + Long.toHexString(System.nanoTime());
        Run set = cli("quota", "set", team, "--gpus", "4", "--gpu-hours", "100");
        assertThat(set.out()).as(set.err()).contains(team, "unlimited", "100.0");
        String token = cli("teams", "token", team, "erin").out().strip();
        assertThat(token).startsWith("mf_");

        Run quota = cliAs(token, "quota");
        assertThat(quota.out()).as(quota.err()).contains(team, "4", "100.0");
        Run teams = cliAs(token, "teams");
        assertThat(teams.out()).contains(team).doesNotContain("default");
        Run forbidden = cliAs(token, "quota", "set", team, "--gpus", "400");
        assertThat(forbidden.code()).isEqualTo(8);
        assertThat(cliAs(null, "list").code()).isEqualTo(8);

        String id = cli("submit", Jobs.EXAMPLE.resolve("single-worker.json").toString()).out().strip();
        assertThat(cli("wait", id).code()).isZero();
        assertThat(cli("history").out()).contains(id, "SUCCEEDED");
        assertThat(cliAs(token, "history").out()).doesNotContain(id);
        assertThat(cliAs(token, "status", id).code()).isEqualTo(4);
    }

    /** The local store's file of a secret ({@code <store>/values/<hex of the name>}, first line the name). */
    private static Path storedSecretFile(String name) {
        return stack.secretStore().resolve("values")
                .resolve(java.util.HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8)));
    }
}
