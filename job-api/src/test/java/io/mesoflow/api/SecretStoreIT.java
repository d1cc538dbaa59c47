package io.mesoflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.service.secrets.LocalSecretStore;
import io.mesoflow.testing.MesoflowTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admins manage the local secret store through the API: values go in, never come out, and every change is audited. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class SecretStoreIT {
    @Test
    void anAdminPutsListsAndDeletesASecretWhoseValueIsNeverAnsweredNorAudited() {
        String team = TeamAccessIT.newTeam();
        String name = "teams/" + team + "/gcs#key";

        TeamAccessIT.admin().body("{\"value\": \"very-secret-value\"}").put("/api/v1/secrets/" + name)
                .then().statusCode(204);

        assertThat(new LocalSecretStore(Path.of("target/test-secrets")).get(name)).hasValue("very-secret-value");
        String listed = TeamAccessIT.admin().get("/api/v1/secrets").then().statusCode(200).extract().asString();
        assertThat(listed).contains(name).doesNotContain("very-secret-value");
        String audit = TeamAccessIT.admin().queryParam("team", team).get("/api/v1/audit").then().statusCode(200)
                .extract().asString();
        assertThat(audit).contains("SECRET_PUT", "secret " + name).doesNotContain("very-secret-value");

        TeamAccessIT.admin().delete("/api/v1/secrets/" + name).then().statusCode(204);
        TeamAccessIT.admin().delete("/api/v1/secrets/" + name).then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(TeamAccessIT.admin().queryParam("team", team).queryParam("kind", "SECRET_DELETED")
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("target", String.class))
                .isEqualTo(List.of("secret " + name));
    }

    @Test
    void aTeamTokenCannotTouchTheStoreAndTheRefusalIsAudited() {
        String team = TeamAccessIT.newTeam();
        String token = TeamAccessIT.tokenFor(team, "mallory");

        TeamAccessIT.as(token).body("{\"value\": \"x\"}").put("/api/v1/secrets/teams/" + team + "/x")
                .then().statusCode(403).contentType("application/problem+json");
        TeamAccessIT.as(token).get("/api/v1/secrets").then().statusCode(403);

        assertThat(TeamAccessIT.admin().queryParam("kind", "ADMIN_REFUSED").get("/api/v1/audit").then().statusCode(200)
                .extract().asString()).contains("/api/v1/secrets");
    }

    @Test
    void aValueIsRequired() {
        TeamAccessIT.admin().body("{}").put("/api/v1/secrets/teams/x/y").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
