package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;

import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every 4xx the API answers, including those raised before a resource is reached, is an RFC 7807 problem. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class HttpProblemsIT {
    static final int TWO_MIB = 2 * 1024 * 1024;

    @TestHTTPResource("/")
    URI root;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN);
    }

    /** A problem body: type, title, status and detail. */
    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", startsWith("https://mesoflow.io/problems/"))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()));
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"https://mesoflow.io/problems/", "\"title\":",
                "\"status\":" + status, "\"detail\":");
    }

    HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(root.resolve("/api/v1/jobs")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN)
                        .header("Content-Type", "application/json").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * As curl sends a large body: headers with {@code Expect: 100-continue}, the body only after the
     * server agrees. (Over a plain socket: JDK 17's HttpClient hangs on a final answer to an
     * expectation, JDK-8286171.)
     */
    @Test
    void aBodyOverTheLimitByItsLengthIsA413Problem() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestInfra.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + TWO_MIB + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"type\":\"https://mesoflow.io/problems/http-413\"", "\"title\":\"Request Entity Too Large\"",
                            "\"status\":413", "\"detail\":\"the body is larger than 1048576 bytes\"");
        }
    }

    /** The JDK's client (the CLI's) offers an h2c upgrade with its first request: the body must still arrive. */
    @Test
    void aClientOfferingAnHttp2UpgradeCanSubmitAndIsAnsweredNormally() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(root.resolve("/api/v1/jobs"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"h2c\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("\"status\":400").doesNotContain("already been read");
        }
    }

    @Test
    void aStreamedBodyOverTheLimitIsA413Problem() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[TWO_MIB])));

        assertProblem(response, 413);
    }

    @Test
    void anEmptyStreamedBodyIsReadAsAnEmptyBody() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[0])));

        assertProblem(response, 400);
        assertThat(response.body()).contains("the job spec must be a JSON object");
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIsA415Problem() {
        for (String type : new String[] {"application/xml", "application/x-www-form-urlencoded", "text/plain"}) {
            problem(admin().contentType(type).body("<job/>").post("/api/v1/jobs").then(), 415)
                    .body("detail", containsString("Content-Type: application/json"));
        }
        problem(admin().contentType("text/csv").body("a,b").put("/api/v1/teams/x").then(), 415);
    }

    @Test
    void malformedJsonIsA400Problem() {
        problem(admin().contentType("application/json").body("{\"name\": ").post("/api/v1/jobs").then(), 400)
                .body("errors[0].reason", equalTo("the body is not valid JSON"));
        problem(admin().contentType("application/merge-patch+json").body("[1,").patch("/api/v1/jobs/x-1").then(), 404);
    }

    @Test
    void anUnknownPathIsA404Problem() {
        problem(admin().get("/api/v1/nothing-here").then(), 404);
        problem(admin().get("/api/v2/jobs").then(), 404);
        problem(given().get("/no-such-page").then(), 404);
        problem(admin().get("/api/v1/jobs/nope-00000000/tasks/worker-0/logs").then(), 404);
    }

    @Test
    void aMethodThePathDoesNotTakeIsA405Problem() {
        problem(admin().delete("/api/v1/jobs").then(), 405);
        problem(admin().contentType("application/json").body("{}").put("/api/v1/whoami").then(), 405);
    }

    @Test
    void anAnswerTheClientDoesNotAcceptIsA406Problem() {
        problem(admin().accept("application/xml").get("/api/v1/whoami").then(), 406);
    }
}
