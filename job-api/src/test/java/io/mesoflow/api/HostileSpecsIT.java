package io.mesoflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.testing.MesoflowTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Every spec of the hostile corpus (src/test/resources/hostile-specs, see its README) is refused as its index says. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class HostileSpecsIT {
    static Path corpus() throws URISyntaxException {
        return Path.of(HostileSpecsIT.class.getResource("/hostile-specs/index.json").toURI()).getParent();
    }

    static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    @Test
    void everyHostileSpecIsRefusedWithAProblemNamingTheField() throws Exception {
        String team = TeamAccessIT.newTeam();
        String other = TeamAccessIT.newTeam();
        String token = TeamAccessIT.tokenFor(team, "mallory");
        Path outputRoot = absolute(ConfigProvider.getConfig().getValue("mesoflow.api.default-output-root", String.class));
        Path artifactRoot = absolute(ConfigProvider.getConfig().getValues("mesoflow.api.artifacts.roots", String.class)
                .get(0));
        Map<String, String> placeholders = Map.of("{{team}}", team, "{{otherTeam}}", other,
                "{{teamRoot}}", outputRoot.resolve(team).toString(), "{{otherTeamRoot}}", outputRoot.resolve(other)
                        .toString(), "{{artifactRoot}}", artifactRoot.toString());
        Files.createDirectories(outputRoot.resolve(team));
        Files.createDirectories(artifactRoot);
        JsonNode index = EventCodec.mapper().readTree(corpus().resolve("index.json").toFile());

        SoftAssertions softly = new SoftAssertions();
        List<String> files = new ArrayList<>();
        index.fields().forEachRemaining(entry -> {
            files.add(entry.getKey());
            JsonNode expected = entry.getValue();
            try {
                createLinks(expected.path("symlinks"), placeholders);
                String body = fill(Files.readString(corpus().resolve(entry.getKey())), placeholders);
                Response answer = TeamAccessIT.as(token).body(body).post("/api/v1/jobs");
                JsonNode problem = EventCodec.mapper().readTree(answer.asString());
                List<String> fields = problem.path("errors").findValuesAsText("field");
                softly.assertThat(answer.statusCode()).as(entry.getKey() + ": " + answer.asString())
                        .isEqualTo(expected.path("status").asInt());
                softly.assertThat(answer.contentType()).as(entry.getKey()).startsWith("application/problem+json");
                softly.assertThat(problem.path("type").asText()).as(entry.getKey()).startsWith("https://mesoflow.io/problems/");
                softly.assertThat(problem.path("title").asText()).as(entry.getKey()).isNotBlank();
                softly.assertThat(problem.path("detail").asText()).as(entry.getKey()).isNotBlank();
                softly.assertThat(problem.path("status").asInt()).as(entry.getKey()).isEqualTo(answer.statusCode());
                softly.assertThat(fields).as(entry.getKey() + ": " + answer.asString())
                        .contains(expected.path("field").asText());
            } catch (IOException | URISyntaxException e) {
                softly.fail(entry.getKey() + ": " + e);
            }
        });
        softly.assertAll();

        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        try (Stream<Path> present = Files.list(corpus())) {
            assertThat(present.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals("index.json")))
                    .as("every file is in index.json and every entry has its file")
                    .containsExactlyInAnyOrderElementsOf(files);
        }
        TeamAccessIT.as(token).get("/api/v1/jobs").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    static String fill(String text, Map<String, String> placeholders) {
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace(p.getKey(), p.getValue());
        }
        return text;
    }

    static void createLinks(JsonNode symlinks, Map<String, String> placeholders) throws IOException {
        var links = symlinks.fields();
        while (links.hasNext()) {
            var link = links.next();
            Path path = Path.of(fill(link.getKey(), placeholders));
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(fill(link.getValue().asText(), placeholders)));
        }
    }
}
