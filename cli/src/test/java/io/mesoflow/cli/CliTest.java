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
        assertThat(Durations.clock(null)).isEqualTo("-");
        assertThat(Durations.clock(42L)).isEqualTo("42s");
        assertThat(Durations.clock(125L)).isEqualTo("2m05s");
        assertThat(Durations.clock(3725L)).isEqualTo("1h02m05s");
    }

    @Test
    void secretCommandsGoThroughTheApiAndNeverPrintTheValue() throws Exception {
        Path value = Files.writeString(dir.resolve("v.txt"), "very-secret-value");
        java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/v1/secrets", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " " + body);
            boolean known = requests.stream().filter(r -> r.startsWith("DELETE")).count() < 2;
            String answer = exchange.getRequestMethod().equals("GET") ? "[\"teams/ml/gcs#key\"]"
                    : known ? "" : "{\"title\":\"Not Found\",\"detail\":\"no secret 'teams/ml/gcs#key'\"}";
            int status = exchange.getRequestMethod().equals("GET") ? 200 : known ? 204 : 404;
            exchange.sendResponseHeaders(status, answer.isEmpty() ? -1 : answer.length());
            exchange.getResponseBody().write(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            exchange.close();
        });
        api.start();
        try {
            String url = "http://127.0.0.1:" + api.getAddress().getPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int put = Mesoflow.run(new String[] {"--api", url, "secret", "put", "teams/ml/gcs#key", "--from-file",
                    value.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
            int list = Mesoflow.run(new String[] {"--api", url, "secret", "list"}, new PrintWriter(out, true),
                    new PrintWriter(err, true));
            int delete = Mesoflow.run(new String[] {"--api", url, "secret", "delete", "teams/ml/gcs#key"},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            int deleteAgain = Mesoflow.run(new String[] {"--api", url, "secret", "delete", "teams/ml/gcs#key"},
                    new PrintWriter(out, true), new PrintWriter(err, true));

            assertThat(put).as(err.toString()).isZero();
            assertThat(list).isZero();
            assertThat(delete).isZero();
            assertThat(deleteAgain).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(requests).containsExactly(
                    "PUT /api/v1/secrets/teams/ml/gcs%23key {\"value\":\"very-secret-value\"}",
                    "GET /api/v1/secrets ",
                    "DELETE /api/v1/secrets/teams/ml/gcs%23key ",
                    "DELETE /api/v1/secrets/teams/ml/gcs%23key ");
            assertThat(out.toString()).contains("teams/ml/gcs#key").doesNotContain("very-secret-value");
            assertThat(err.toString()).contains("no secret 'teams/ml/gcs#key'").doesNotContain("very-secret-value");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void theSecretCommandHasNoOfflineStoreOption() {
        StringWriter err = new StringWriter();

        int code = Mesoflow.run(new String[] {"secret", "--store", dir.toString(), "list"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--store");
    }
}
