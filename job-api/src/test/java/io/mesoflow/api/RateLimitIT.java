package io.mesoflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSubmissionResult;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Submissions per team are rate limited. The test profile gives teams {@code throttled} and
 * {@code throttled-kafka} a burst of 2 and 0.01 submissions per second (one every 100 s).
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class RateLimitIT {
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static String spec(String team) {
        return TeamAccessIT.SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"" + team + "\"");
    }

    @Test
    void aTeamOverItsRateGets429WithRetryAfterWhileOtherTeamsGoOn() {
        TeamAccessIT.admin().body("{}").put("/api/v1/teams/throttled").then().statusCode(org.hamcrest.Matchers.anyOf(
                equalTo(200), equalTo(201)));
        String token = TeamAccessIT.tokenFor("throttled", "hasty");
        for (int i = 0; i < 2; i++) {
            TeamAccessIT.as(token).body(spec("throttled")).post("/api/v1/jobs").then().statusCode(201);
        }

        String retryAfter = HttpProblemsIT.problem(TeamAccessIT.as(token).body(spec("throttled"))
                        .post("/api/v1/jobs").then(), 429)
                .body("type", equalTo("https://mesoflow.io/problems/rate-limited"))
                .body("detail", containsString("rate limited: team 'throttled' may submit 0.01 jobs per second"))
                .extract().header("Retry-After");

        assertThat(Long.parseLong(retryAfter)).isBetween(90L, 100L);
        String other = TeamAccessIT.newTeam();
        TeamAccessIT.as(TeamAccessIT.tokenFor(other, "calm")).body(spec(other)).post("/api/v1/jobs").then()
                .statusCode(201);
    }

    @Test
    void aKafkaSubmissionOverTheLimitIsRejectedAsRateLimited() {
        TeamAccessIT.admin().body("{}").put("/api/v1/teams/throttled-kafka").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        String prefix = "rate-" + System.nanoTime() + "-";
        for (int i = 0; i < 3; i++) {
            topics.sendRaw(Topics.JOB_SUBMISSIONS, prefix + i, spec("throttled-kafka"));
        }

        List<JobSubmissionResult> answers = topics.readUntil(Topics.JOB_SUBMISSION_RESULTS,
                        values -> values.stream().filter(v -> v.contains(prefix)).count() >= 3, Duration.ofSeconds(30))
                .stream().filter(v -> v.contains(prefix)).map(EventCodec::decode).map(JobSubmissionResult.class::cast)
                .toList();

        assertThat(answers).hasSize(3);
        assertThat(answers).filteredOn(JobSubmissionResult::accepted).hasSize(2);
        assertThat(answers).filteredOn(a -> !a.accepted()).singleElement().satisfies(rejected ->
                assertThat(rejected.errors()).singleElement().satisfies(e ->
                        assertThat(e.reason()).startsWith("rate limited: team 'throttled-kafka'")));
    }
}
