package io.mesoflow.api;

import static io.mesoflow.api.TeamAccessIT.admin;
import static io.mesoflow.api.TeamAccessIT.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Admin actions and cross-team refusals are audited on mesoflow.audit and in job-api's database, for admins only. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class AuditIT {
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @Test
    void everyAdminActionOnATeamIsAuditedWithoutTheToken() {
        Instant start = Instant.now();
        String team = TeamAccessIT.newTeam();
        admin().body("{\"gpus\": 4}").put("/api/v1/teams/" + team).then().statusCode(200);
        var issued = admin().body("{\"name\": \"gina\"}").post("/api/v1/teams/" + team + "/tokens").then()
                .statusCode(201).extract();
        String token = issued.path("token");
        admin().delete("/api/v1/tokens/" + issued.path("id")).then().statusCode(204);

        String trail = admin().get("/api/v1/audit?team=" + team).then().statusCode(200)
                .body("kind", contains("TOKEN_REVOKED", "TOKEN_ISSUED", "QUOTA_SET", "TEAM_CREATED"))
                .body("actor", everyItem(equalTo("bootstrap")))
                .body("actorAdmin", everyItem(equalTo(true)))
                .body("[1].target", equalTo("token " + issued.path("id")))
                .body("[1].detail", equalTo("name 'gina'"))
                .extract().asString();
        assertThat(trail).doesNotContain(token).doesNotContain(token.substring(3));
        admin().get("/api/v1/audit?team=" + team + "&kind=QUOTA_SET").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].detail", org.hamcrest.Matchers.containsString("\"gpus\":4"));
        admin().get("/api/v1/audit?team=" + team + "&after=" + Instant.now().plusSeconds(3600)).then()
                .body("size()", equalTo(0));
        admin().get("/api/v1/audit?team=" + team + "&before=" + start.minusSeconds(3600)).then()
                .body("size()", equalTo(0));
        List<String> published = topics.readUntil(Topics.AUDIT, values -> values.stream()
                .filter(v -> v.contains("\"team\":\"" + team + "\"")).count() >= 4, Duration.ofSeconds(30));
        assertThat(published).filteredOn(v -> v.contains("\"team\":\"" + team + "\""))
                .hasSize(4).allSatisfy(v -> assertThat(v).contains("\"type\":\"io.mesoflow.AuditRecorded\"")
                        .doesNotContain(token.substring(3)));
    }

    @Test
    void onlyAdminsReadTheTrailAndATeamsTryIsItselfAudited() {
        String team = TeamAccessIT.newTeam();
        String user = TeamAccessIT.tokenFor(team, "henry");

        HttpProblemsIT.problem(as(user).get("/api/v1/audit").then(), 403);
        HttpProblemsIT.problem(as(user).get("/api/v1/audit/secrets").then(), 403);

        admin().get("/api/v1/audit?team=" + team + "&kind=ADMIN_REFUSED").then().statusCode(200)
                .body("actor", contains("henry", "henry")).body("actorTeam", everyItem(equalTo(team)))
                .body("detail", contains("GET /api/v1/audit/secrets", "GET /api/v1/audit"));
        HttpProblemsIT.problem(admin().get("/api/v1/audit?kind=EVERYTHING&after=yesterday").then(), 400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("kind", "after"));
    }

    @Test
    void aTeamAskingForAnotherTeamsJobOrTeamOrSubmittingForItIsRefusedAndAudited() {
        String ml = TeamAccessIT.newTeam();
        String vision = TeamAccessIT.newTeam();
        String alice = TeamAccessIT.tokenFor(ml, "alice");
        String bob = TeamAccessIT.tokenFor(vision, "bob");
        String id = as(alice).body(TeamAccessIT.SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        as(bob).get("/api/v1/jobs/" + id).then().statusCode(404);
        as(bob).body("{\"context\": {\"lr\": 1}}").patch("/api/v1/jobs/" + id).then().statusCode(404);
        as(bob).get("/api/v1/teams/" + ml).then().statusCode(404);
        as(bob).body(TeamAccessIT.SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"" + ml + "\""))
                .post("/api/v1/jobs").then().statusCode(403);
        as(bob).get("/api/v1/jobs/nope-00000000").then().statusCode(404);

        admin().get("/api/v1/audit?team=" + ml + "&kind=CROSS_TEAM_REFUSED").then().statusCode(200)
                .body("actor", everyItem(equalTo("bob"))).body("actorTeam", everyItem(equalTo(vision)))
                .body("target", contains("submit", "team " + ml, "job " + id, "job " + id))
                .body("detail", hasItem("GET /api/v1/jobs/" + id))
                .body("detail", hasItem("PATCH /api/v1/jobs/" + id))
                .body("detail", hasItem("a job for team '" + ml + "'"));
        admin().get("/api/v1/audit?team=" + vision + "&kind=CROSS_TEAM_REFUSED").then().body("size()", equalTo(0));
    }
}
