package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mesoflow.events.TeamQuotaChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens, teams, quotas and who may see what. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class TeamAccessIT {
    static final String SPEC = """
            {"name": "mnist", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"worker": {"count": 1, "cpus": 0.5, "mem": 256}}}
            """;
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    static RequestSpecification admin() {
        return as(TestInfra.ADMIN_TOKEN);
    }

    static String newTeam() {
        String team = "t" + Long.toHexString(System.nanoTime());
        admin().body("{}").put("/api/v1/teams/" + team).then().statusCode(201);
        return team;
    }

    static String tokenFor(String team, String user) {
        return admin().body("{\"name\": \"" + user + "\"}").post("/api/v1/teams/" + team + "/tokens")
                .then().statusCode(201).body("team", equalTo(team)).body("token", startsWith("mf_"))
                .extract().path("token");
    }

    @Test
    void aRequestWithoutAValidBearerTokenIsRefusedWith401() {
        given().get("/api/v1/jobs").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        as("mf_not-a-token").get("/api/v1/jobs").then().statusCode(401).body("title", equalTo("Unauthorized"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aSecondTeamsUserCannotSeeOrChangeAnotherTeamsJob() {
        String ml = newTeam();
        String vision = newTeam();
        String alice = tokenFor(ml, "alice");
        String bob = tokenFor(vision, "bob");

        String id = as(alice).body(SPEC).post("/api/v1/jobs").then().statusCode(201)
                .body("team", equalTo(ml)).extract().path("id");

        as(alice).get("/api/v1/jobs/" + id).then().statusCode(200);
        for (String path : List.of("", "/tasks", "/revisions", "/events", "/tasks/worker-0/logs")) {
            as(bob).get("/api/v1/jobs/" + id + path).then().statusCode(404);
        }
        as(bob).body("{\"context\": {\"lr\": 1}}").patch("/api/v1/jobs/" + id).then().statusCode(404);
        as(bob).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(404);
        as(bob).get("/api/v1/jobs").then().statusCode(200).body("id", not(hasItem(id)));
        as(bob).get("/api/v1/jobs?team=" + ml).then().statusCode(200).body("id", not(hasItem(id)));
        as(alice).get("/api/v1/jobs").then().statusCode(200).body("id", hasItem(id));
        admin().get("/api/v1/jobs/" + id).then().statusCode(200);
    }

    @Test
    void aUserCannotSubmitForAnotherTeamOrManageTeams() {
        String ml = newTeam();
        String vision = newTeam();
        String alice = tokenFor(ml, "alice");

        as(alice).body(SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"" + vision + "\""))
                .post("/api/v1/jobs").then().statusCode(403).body("errors[0].field", equalTo("team"));
        as(alice).body("{\"gpus\": 100}").put("/api/v1/teams/" + ml).then().statusCode(403);
        as(alice).body("{\"name\": \"eve\"}").post("/api/v1/teams/" + ml + "/tokens").then().statusCode(403);
        as(alice).get("/api/v1/teams").then().statusCode(200).body("name", equalTo(List.of(ml)));
        as(alice).get("/api/v1/teams/" + vision).then().statusCode(404);
        as(alice).get("/api/v1/whoami").then().statusCode(200).body("team", equalTo(ml)).body("admin", equalTo(false));
    }

    @Test
    void aJobForATeamThatDoesNotExistIsRefusedNamingTheTeam() {
        admin().body(SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"nobody\""))
                .post("/api/v1/jobs").then().statusCode(400).body("errors[0].field", equalTo("team"));
    }

    @Test
    void aQuotaSetByAnAdminIsShownAndPublishedForPlacement() {
        String team = newTeam();
        admin().body("{\"cpus\": 64, \"memMb\": 262144, \"gpus\": 8, \"gpuHoursBudget\": 100, \"windowHours\": 168}")
                .put("/api/v1/teams/" + team).then().statusCode(200)
                .body("quota.gpus", equalTo(8)).body("quota.gpuHoursBudget", equalTo(100.0f))
                .body("usage.activeJobs", equalTo(0));

        TeamQuotaChanged event = topics.await(Topics.TEAMS, TeamQuotaChanged.class,
                e -> e.team().equals(team) && e.gpus() != null, Duration.ofSeconds(30));
        assertThat(event.gpus()).isEqualTo(8);
        assertThat(event.gpuHoursBudget()).isEqualTo(100.0);
        assertThat(event.cpus()).isEqualTo(64.0);
        assertThat(event.windowHours()).isEqualTo(168);

        admin().body("{\"gpus\": -1, \"windowHours\": 0, \"colour\": \"red\"}").put("/api/v1/teams/" + team)
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("gpus", "windowHours", "colour"));
        admin().body("{}").put("/api/v1/teams/Not_A_Team").then().statusCode(400).body("errors[0].field", equalTo("team"));
    }

    @Test
    void aRevokedTokenIsRefused() {
        String team = newTeam();
        String token = tokenFor(team, "carol");
        as(token).get("/api/v1/jobs").then().statusCode(200);
        String id = admin().get("/api/v1/tokens").then().statusCode(200)
                .extract().jsonPath().getString("find { it.name == 'carol' && it.team == '" + team + "' }.id");
        admin().get("/api/v1/tokens").then().body("token", not(hasItem(token)));

        admin().delete("/api/v1/tokens/" + id).then().statusCode(204);

        as(token).get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void aSignedJwtWithATeamClaimActsForThatTeam() throws Exception {
        String team = newTeam();
        String other = newTeam();
        String jwt = Jwt.issuer("https://issuer.test.mesoflow.io").subject("dana").claim("team", team)
                .expiresIn(300).sign(KeyUtils.readPrivateKey("jwt-test-private.pem"));
        String adminJwt = Jwt.issuer("https://issuer.test.mesoflow.io").subject("root")
                .groups(Set.of("mesoflow-admin")).expiresIn(300).sign(KeyUtils.readPrivateKey("jwt-test-private.pem"));
        String wrongIssuer = Jwt.issuer("https://elsewhere").subject("mallory").claim("team", team)
                .expiresIn(300).sign(KeyUtils.readPrivateKey("jwt-test-private.pem"));

        as(jwt).get("/api/v1/whoami").then().statusCode(200).body("subject", equalTo("dana"))
                .body("team", equalTo(team));
        String id = as(jwt).body(SPEC).post("/api/v1/jobs").then().statusCode(201)
                .body("team", equalTo(team)).extract().path("id");
        as(adminJwt).body("{}").put("/api/v1/teams/" + other).then().statusCode(200);
        as(adminJwt).get("/api/v1/jobs/" + id).then().statusCode(200);
        as(wrongIssuer).get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void aJobMayNameOnlyItsOwnTeamsSecrets() {
        String ml = newTeam();
        String spec = SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"" + ml
                + "\", \"secrets\": [{\"source\": \"vault:teams/" + ml + "/gcs#key\", \"env\": \"GCS_KEY\"}, "
                + "{\"source\": \"vault:teams/other/gcs#key\", \"env\": \"OTHER\"}]");

        admin().body(spec).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("secrets[1].source"))
                .body("errors[0].reason", equalTo("'vault:teams/other/gcs#key' is not under teams/" + ml
                        + "/: a job may only name its own team's secrets"));
    }

    @Test
    void theSecretAuditTrailIsForAdminsOnly() {
        String team = newTeam();
        String user = tokenFor(team, "frank");
        topics.send(Topics.AUDIT, new io.mesoflow.events.SecretResolved("job-audited", null, List.of("worker-0"),
                "vault:teams/ml/gcs#key", "RESOLVED", null, java.time.Instant.now()));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                admin().get("/api/v1/audit/secrets?jobId=job-audited").then().statusCode(200)
                        .body("source", equalTo(List.of("vault:teams/ml/gcs#key")))
                        .body("outcome", equalTo(List.of("RESOLVED")))
                        .body("tasks[0]", equalTo(List.of("worker-0"))));
        as(user).get("/api/v1/audit/secrets").then().statusCode(403);
    }
}
