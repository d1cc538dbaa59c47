package io.mesoflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security suite against the running services (two job-api instances over Kafka and
 * PostgreSQL): the hostile spec corpus of job-api ({@code job-api/src/test/resources/hostile-specs})
 * and hostile requests (wrong content types, bodies too large, other teams' ids, revoked and expired
 * tokens). Each gets a clear 4xx problem document, and nothing lands outside the allowed roots.
 */
class SecurityEndToEndIT {
    static final Path CORPUS = LocalStack.repositoryRoot().resolve("job-api/src/test/resources/hostile-specs");
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    static RequestSpecification as(String token) {
        return given().baseUri(stack.apiUrl()).header("Authorization", "Bearer " + token)
                .contentType("application/json");
    }

    static String newTeam(String prefix) {
        String team = prefix + Long.toHexString(System.nanoTime());
        as(stack.adminToken()).body("{}").put("/api/v1/teams/" + team).then().statusCode(201);
        return team;
    }

    static JsonNode token(String team, String user) throws IOException {
        return Jobs.JSON.readTree(as(stack.adminToken()).body("{\"name\": \"" + user + "\"}")
                .post("/api/v1/teams/" + team + "/tokens").then().statusCode(201).extract().asString());
    }

    static void assertProblem(SoftAssertions softly, String what, Response answer, int status) {
        softly.assertThat(answer.statusCode()).as(what + ": " + answer.asString()).isEqualTo(status);
        softly.assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
        try {
            JsonNode problem = Jobs.JSON.readTree(answer.asString());
            softly.assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
            softly.assertThat(problem.path("title").asText()).as(what).isNotBlank();
            softly.assertThat(problem.path("detail").asText()).as(what).isNotBlank();
        } catch (IOException e) {
            softly.fail(what + ": not a JSON problem: " + answer.asString());
        }
    }

    @Test
    void everyHostileSpecIsRefusedWithAProblemNamingTheFieldAndNothingIsWrittenOutsideTheAllowedRoots()
            throws Exception {
        String team = newTeam("sec");
        String other = newTeam("sec");
        String token = token(team, "mallory").path("token").asText();
        Path outputs = stack.work().resolve("outputs");
        Path teamRoot = outputs.resolve(team);
        Files.createDirectories(teamRoot);
        Map<String, String> placeholders = Map.of("{{team}}", team, "{{otherTeam}}", other, "{{teamRoot}}",
                teamRoot.toString(), "{{otherTeamRoot}}", outputs.resolve(other).toString(), "{{artifactRoot}}",
                stack.artifactRoot().toString());
        Set<String> outputsBefore = listing(outputs);
        Set<String> cronBefore = listing(Path.of("/etc/cron.d"));
        JsonNode index = Jobs.JSON.readTree(CORPUS.resolve("index.json").toFile());
        SoftAssertions softly = new SoftAssertions();
        int cases = 0;

        for (var it = index.fields(); it.hasNext(); cases++) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode expected = entry.getValue();
            for (var link = expected.path("symlinks").fields(); link.hasNext(); ) {
                Map.Entry<String, JsonNode> l = link.next();
                Path from = Path.of(fill(l.getKey(), placeholders));
                Files.createDirectories(from.getParent());
                Files.deleteIfExists(from);
                Files.createSymbolicLink(from, Path.of(fill(l.getValue().asText(), placeholders)));
            }
            Response answer = as(token).body(fill(Files.readString(CORPUS.resolve(entry.getKey())), placeholders))
                    .post("/api/v1/jobs");
            assertProblem(softly, entry.getKey(), answer, expected.path("status").asInt());
            JsonNode problem = Jobs.JSON.readTree(answer.asString().isBlank() ? "{}" : answer.asString());
            softly.assertThat(problem.path("errors").findValuesAsText("field")).as(entry.getKey() + ": " + answer.asString())
                    .contains(expected.path("field").asText());
        }
        softly.assertAll();

        System.out.printf("[security] %d hostile specs refused with a problem naming the field%n", cases);
        assertThat(cases).isGreaterThanOrEqualTo(40);
        assertThat(as(token).get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("$"))
                .as("no hostile spec became a job").isEmpty();
        assertThat(listing(Path.of("/etc/cron.d"))).isEqualTo(cronBefore);
        Set<String> outputsAfter = listing(outputs);
        outputsAfter.removeAll(outputsBefore);
        List<String> teams = as(stack.adminToken()).get("/api/v1/teams").then().statusCode(200).extract().jsonPath()
                .getList("name", String.class);
        assertThat(outputsAfter).as("only team roots appeared in the output root").allSatisfy(name ->
                assertThat(name).isIn(teams));
    }

    @Test
    void hostileRequestsGetProblemDocumentsAndAnotherTeamsJobIsInvisible() throws Exception {
        String team = newTeam("seca");
        String victim = newTeam("secb");
        String mallory = token(team, "mallory").path("token").asText();
        String bob = token(victim, "bob").path("token").asText();
        String bobsJob = as(bob).body(Jobs.example("single-worker.json").put("entryPoint", "sleep 1").toString())
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        SoftAssertions softly = new SoftAssertions();

        assertProblem(softly, "text/plain body", given().baseUri(stack.apiUrl())
                .header("Authorization", "Bearer " + mallory).contentType("text/plain").body("{}")
                .post("/api/v1/jobs"), 415);
        assertProblem(softly, "malformed JSON", as(mallory).body("{\"name\": ").post("/api/v1/jobs"), 400);
        java.net.http.HttpResponse<String> tooLarge = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.apiUrl() + "/api/v1/jobs"))
                        .header("Authorization", "Bearer " + mallory).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(new byte[8 * 1024 * 1024]))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        softly.assertThat(tooLarge.statusCode()).as("an 8 MB body: " + tooLarge.body()).isEqualTo(413);
        softly.assertThat(tooLarge.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        softly.assertThat(tooLarge.body()).contains("\"status\":413");
        assertProblem(softly, "another team's job", as(mallory).get("/api/v1/jobs/" + bobsJob), 404);
        assertProblem(softly, "another team's job's tasks", as(mallory).get("/api/v1/jobs/" + bobsJob + "/tasks"), 404);
        assertProblem(softly, "another team's job's logs", as(mallory)
                .get("/api/v1/jobs/" + bobsJob + "/tasks/worker-0/logs"), 404);
        assertProblem(softly, "patching another team's job", as(mallory).contentType("application/merge-patch+json")
                .body("{\"context\": {\"lr\": 1}}").patch("/api/v1/jobs/" + bobsJob), 404);
        assertProblem(softly, "cancelling another team's job",
                as(mallory).post("/api/v1/jobs/" + bobsJob + "/cancel"), 404);
        assertProblem(softly, "submitting for another team", as(mallory)
                .body(Jobs.example("single-worker.json").put("team", victim).toString()).post("/api/v1/jobs"), 403);
        assertProblem(softly, "an admin call with a team token", as(mallory).get("/api/v1/tokens"), 403);
        assertProblem(softly, "no token", given().baseUri(stack.apiUrl()).get("/api/v1/jobs"), 401);
        assertProblem(softly, "a forged token", as("mf_forged").get("/api/v1/jobs"), 401);
        JsonNode revoked = token(team, "former");
        as(stack.adminToken()).delete("/api/v1/tokens/" + revoked.path("id").asText()).then().statusCode(204);
        assertProblem(softly, "a revoked token", as(revoked.path("token").asText()).get("/api/v1/jobs"), 401);
        String expired = SharedStack.jwt().token("eve", team, Instant.now().minusSeconds(3600));
        assertProblem(softly, "an expired JWT", as(expired).get("/api/v1/jobs"), 401);
        softly.assertAll();

        String valid = SharedStack.jwt().token("eve", team, Instant.now().plus(Duration.ofHours(1)));
        as(valid).get("/api/v1/jobs").then().statusCode(200);
        assertThat(Jobs.get(stack, bobsJob).getString("state")).as("bob's job is untouched").isNotEqualTo("CANCELLED");
        List<String> refusals = new ArrayList<>(as(stack.adminToken()).queryParam("team", victim)
                .queryParam("kind", "CROSS_TEAM_REFUSED").get("/api/v1/audit").then().statusCode(200).extract()
                .jsonPath().getList("target", String.class));
        assertThat(refusals).as("cross-team refusals are audited").contains("job " + bobsJob);
    }

    static String fill(String text, Map<String, String> placeholders) {
        String out = text;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            out = out.replace(p.getKey(), p.getValue());
        }
        return out;
    }

    static Set<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new TreeSet<>(entries.map(p -> p.getFileName().toString()).toList());
        }
    }
}
