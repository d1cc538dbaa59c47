package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void relativeArtifactIsResolvedNextToTheSpecFile() throws Exception {
        Path spec = dir.resolve("job.json");
        JsonNode json = ApiClient.JSON.readTree("{\"artifactUrl\": \"train.py\"}");

        JsonNode resolved = ApiClient.JSON.readTree(SubmitCommand.resolveArtifact(json, spec));

        assertThat(resolved.get("artifactUrl").asText()).isEqualTo(dir.resolve("train.py").toUri().toString());
    }

    @Test
    void absoluteArtifactUrlIsLeftAlone() throws Exception {
        JsonNode json = ApiClient.JSON.readTree("{\"artifactUrl\": \"https://example.org/a.zip\"}");

        assertThat(SubmitCommand.resolveArtifact(json, dir.resolve("j.json"))).contains("https://example.org/a.zip");
    }

    @Test
    void apiComesFromOptionThenEnvironmentThenConfigFileThenDefault() throws Exception {
        Files.createDirectories(dir.resolve(".mesoflow"));
        Files.writeString(dir.resolve(".mesoflow/config"), "api=http://file:1\ntoken=t-file\n");

        assertThat(CliConfig.resolve("http://opt:1/", Map.of("MESOFLOW_API", "http://env:1"), dir).api())
                .isEqualTo("http://opt:1");
        assertThat(CliConfig.resolve(null, Map.of("MESOFLOW_API", "http://env:1"), dir).api()).isEqualTo("http://env:1");
        assertThat(CliConfig.resolve(null, Map.of(), dir)).isEqualTo(new CliConfig("http://file:1", "t-file"));
        assertThat(CliConfig.resolve(null, Map.of(), dir.resolve("nowhere")).api()).isEqualTo(CliConfig.DEFAULT_API);
    }

    @Test
    void unreachableApiExitsWithApiErrorAndSaysWhere() {
        StringWriter err = new StringWriter();

        int code = Mesoflow.run(new String[] {"--api", "http://127.0.0.1:1", "list"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.API_ERROR);
        assertThat(err.toString()).contains("cannot reach the MesoFlow API at http://127.0.0.1:1");
    }

    @Test
    void missingSpecFileExitsWithNotFound() {
        StringWriter err = new StringWriter();

        int code = Mesoflow.run(new String[] {"submit", dir.resolve("none.json").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void problemBodiesAreShownFieldByField() throws Exception {
        JsonNode problem = ApiClient.JSON.readTree("{\"title\":\"Invalid job spec\",\"detail\":\"2 fields are invalid\","
                + "\"errors\":[{\"field\":\"name\",\"reason\":\"is required\"},{\"field\":\"roles.worker.cpus\","
                + "\"reason\":\"must be a number\"}]}");

        assertThat(ApiClient.describeProblem(400, problem)).isEqualTo("Invalid job spec: 2 fields are invalid"
                + System.lineSeparator() + "  name: is required" + System.lineSeparator()
                + "  roles.worker.cpus: must be a number");
        assertThat(ApiClient.exitCodeOf(400)).isEqualTo(ExitCodes.INVALID_SPEC);
    }

    @Test
    void progressLineCountsTasksByState() throws Exception {
        JsonNode job = ApiClient.JSON.readTree("{\"state\":\"RUNNING\",\"tasks\":[{\"state\":\"RUNNING\"},"
                + "{\"state\":\"RUNNING\"},{\"state\":\"STAGING\"}]}");

        assertThat(WaitCommand.progressLine(job)).isEqualTo("RUNNING  3 tasks: 2 RUNNING 1 STAGING");
    }

    @Test
    void configAssignmentsBecomeOneMergePatchWithJsonValues() {
        assertThat(ConfigCommand.patchOf(java.util.List.of("context.learning_rate=0.05", "roles.worker.count=4",
                "context.optimizer=adam")).toString())
                .isEqualTo("{\"context\":{\"learning_rate\":0.05,\"optimizer\":\"adam\"},\"roles\":{\"worker\":{\"count\":4}}}");
    }

    @Test
    void unauthorizedAndForbiddenExitEight() {
        assertThat(ApiClient.exitCodeOf(401)).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(ApiClient.exitCodeOf(403)).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(ApiClient.exitCodeOf(404)).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(StatusCommand.duration(null)).isEqualTo("-");
        assertThat(StatusCommand.duration(42L)).isEqualTo("42s");
        assertThat(StatusCommand.duration(125L)).isEqualTo("2m05s");
        assertThat(StatusCommand.duration(3725L)).isEqualTo("1h02m05s");
    }

    @Test
    void secretPutListDeleteNeverPrintsTheValue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path store)
            throws Exception {
        java.nio.file.Path value = java.nio.file.Files.writeString(store.resolve("v.txt"), "very-secret-value");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        String dir = store.resolve("s").toString();

        int put = Mesoflow.run(new String[] {"secret", "--store", dir, "put", "teams/ml/gcs#key", "--from-file",
                value.toString()}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        int list = Mesoflow.run(new String[] {"secret", "--store", dir, "list"}, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));

        assertThat(put).isZero();
        assertThat(list).isZero();
        assertThat(out.toString()).contains("teams/ml/gcs#key").doesNotContain("very-secret-value");
        assertThat(new io.mesoflow.events.secrets.LocalSecretStore(java.nio.file.Path.of(dir)).get("teams/ml/gcs#key"))
                .hasValue("very-secret-value");
        assertThat(Mesoflow.run(new String[] {"secret", "--store", dir, "delete", "teams/ml/gcs#key"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true))).isZero();
        assertThat(Mesoflow.run(new String[] {"secret", "--store", dir, "delete", "teams/ml/gcs#key"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true))).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
