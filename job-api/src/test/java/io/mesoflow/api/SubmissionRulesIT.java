package io.mesoflow.api;

import static io.mesoflow.api.TeamAccessIT.admin;
import static io.mesoflow.api.TeamAccessIT.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mesoflow.testing.MesoflowTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Where a team's jobs may write and read, and how long their fields may be, over HTTP. The test
 * profile gives team {@code remote-ml} the prefixes {@code hdfs://nn/ml/} and {@code s3://bucket/ml/},
 * and {@code remote-cv} {@code hdfs://nn/cv/}; artifacts may come from {@code target/test-artifacts} and {@code /opt}.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class SubmissionRulesIT {
    static String spec(String extra) {
        return TeamAccessIT.SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", " + extra);
    }

    static Path teamRoot(String team) {
        return Path.of(ConfigProvider.getConfig().getValue("mesoflow.api.default-output-root", String.class))
                .toAbsolutePath().normalize().resolve(team);
    }

    static void team(String name) {
        admin().body("{}").put("/api/v1/teams/" + name).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200),
                equalTo(201)));
    }

    @Test
    void aJobWritesInItsTeamsRootByDefaultAndARelativeOutputDirIsTakenFromThere() {
        String team = TeamAccessIT.newTeam();
        String user = TeamAccessIT.tokenFor(team, "ivy");

        String id = as(user).body(TeamAccessIT.SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        admin().get("/api/v1/jobs/" + id).then().body("outputDir", equalTo(teamRoot(team).resolve(id).toString()));
        as(user).body(spec("\"outputDir\": \"runs/./1/../2\"")).post("/api/v1/jobs").then().statusCode(201)
                .body("outputDir", equalTo(teamRoot(team).resolve("runs/2").toString()));
    }

    @Test
    void anOutputDirOutsideTheTeamsRootIsA400NamingTheFieldAndTheRoot() {
        String team = TeamAccessIT.newTeam();
        String other = TeamAccessIT.newTeam();
        String user = TeamAccessIT.tokenFor(team, "jack");

        for (String outside : new String[] {"../../../etc", "/etc/cron.d", teamRoot(other) + "/x"}) {
            HttpProblemsIT.problem(as(user).body(spec("\"outputDir\": \"" + outside + "\"")).post("/api/v1/jobs").then(),
                            400)
                    .body("errors[0].field", equalTo("outputDir"))
                    .body("errors[0].reason", containsString("must be under " + teamRoot(team)));
        }
        HttpProblemsIT.problem(admin().body(spec("\"outputDir\": \"/etc/cron.d\"")).post("/api/v1/jobs").then(), 400)
                .body("errors[0].field", equalTo("outputDir"));
    }

    @Test
    void aRemoteOutputDirMustBeUnderOneOfTheTeamsPrefixes() {
        team("remote-ml");
        team("remote-cv");
        String ml = TeamAccessIT.tokenFor("remote-ml", "kate");

        as(ml).body(spec("\"outputDir\": \"hdfs://nn/ml/run-1\"")).post("/api/v1/jobs").then().statusCode(201)
                .body("outputDir", equalTo("hdfs://nn/ml/run-1"));
        as(ml).body(spec("\"outputDir\": \"s3://bucket/ml/run-1\"")).post("/api/v1/jobs").then().statusCode(201);
        HttpProblemsIT.problem(as(ml).body(spec("\"outputDir\": \"hdfs://nn/cv/run-1\"")).post("/api/v1/jobs").then(),
                        400)
                .body("errors[0].field", equalTo("outputDir"))
                .body("errors[0].reason", containsString("[hdfs://nn/ml/, s3://bucket/ml/]"));
    }

    @Test
    void aHostFileAsArtifactIsA400NamingTheFieldAndTheAllowedRoots() {
        for (String url : new String[] {"file:///etc/shadow", "file:///proc/self/environ", "file:///opt/../etc/passwd"}) {
            HttpProblemsIT.problem(admin().body(TeamAccessIT.SPEC.replace("file:///opt/train.py", url))
                            .post("/api/v1/jobs").then(), 400)
                    .body("errors[0].field", equalTo("artifactUrl"))
                    .body("errors[0].reason", containsString("allowed roots: ["))
                    .body("errors[0].reason", containsString("/opt]"));
        }
    }

    @Test
    void aFieldPastItsLimitIsA400NamingTheFieldAndTheLimit() {
        HttpProblemsIT.problem(admin().body(spec("\"labels\": {\"" + "k".repeat(400) + "\": \"v\"}"))
                        .post("/api/v1/jobs").then(), 400)
                .body("errors[0].field", equalTo("labels"))
                .body("errors[0].reason", containsString("at most 63 characters"));
        HttpProblemsIT.problem(admin().body(TeamAccessIT.SPEC.replace("python3 train.py", "x".repeat(100_000)))
                        .post("/api/v1/jobs").then(), 400)
                .body("errors[0].field", equalTo("entryPoint"))
                .body("errors[0].reason", equalTo("must be at most 4096 characters (it has 100000)"));
        HttpProblemsIT.problem(admin().header("Idempotency-Key", "k".repeat(201)).body(TeamAccessIT.SPEC)
                        .post("/api/v1/jobs").then(), 400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aLiveConfigChangeCannotMoveTheOutputDir() {
        String team = TeamAccessIT.newTeam();
        String user = TeamAccessIT.tokenFor(team, "liam");
        String id = as(user).body(TeamAccessIT.SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        HttpProblemsIT.problem(as(user).body("{\"outputDir\": \"../../../etc\"}").patch("/api/v1/jobs/" + id).then(), 400)
                .body("errors[0].field", equalTo("outputDir"))
                .body("errors[0].reason", containsString("must be under " + teamRoot(team)));
        HttpProblemsIT.problem(as(user).body("{\"outputDir\": \"elsewhere\"}").patch("/api/v1/jobs/" + id).then(), 400)
                .body("errors[0].field", equalTo("outputDir"))
                .body("errors[0].reason", containsString("cannot be changed"));
        as(user).body("{\"outputDir\": \"" + id + "\", \"context\": {\"lr\": 0.2}}").patch("/api/v1/jobs/" + id).then()
                .statusCode(200).body("revision", equalTo(2));
    }
}
