package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.mesoflow.events.JobSubmissionResult;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs produced to mesoflow.job-submissions, answered on mesoflow.job-submission-results. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class KafkaSubmissionIT {
    static final String SPEC = """
            {"name": "from-kafka", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"worker": {"count": 2, "cpus": 0.5, "mem": 256}}}
            """;
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    JobSubmissionResult answerTo(String submissionId) {
        return topics.await(Topics.JOB_SUBMISSION_RESULTS, JobSubmissionResult.class,
                r -> r.submissionId().equals(submissionId), WAIT);
    }

    @Test
    void aValidSubmissionIsAcceptedWithTheJobIdAndTheJobRuns() {
        topics.sendRaw(Topics.JOB_SUBMISSIONS, "sub-ok", SPEC);

        JobSubmissionResult answer = answerTo("sub-ok");

        assertThat(answer.accepted()).isTrue();
        assertThat(answer.errors()).isEmpty();
        topics.await(Topics.JOBS, JobSubmitted.class, e -> e.jobId().equals(answer.jobId()), WAIT);
        given().header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN).get("/api/v1/jobs/" + answer.jobId())
                .then().statusCode(200).body("name", equalTo("from-kafka")).body("team", equalTo("default"));
    }

    @Test
    void anInvalidSpecIsRejectedWithEveryReason() {
        topics.sendRaw(Topics.JOB_SUBMISSIONS, "sub-bad",
                "{\"name\": \"Bad Name\", \"roles\": {\"worker\": {\"cpus\": -1}}, \"team\": \"nobody\"}");

        JobSubmissionResult answer = answerTo("sub-bad");

        assertThat(answer.accepted()).isFalse();
        assertThat(answer.jobId()).isNull();
        assertThat(answer.errors()).extracting(JobSubmissionResult.Rejection::field)
                .contains("name", "artifactUrl", "entryPoint", "roles.worker.cpus");
    }

    @Test
    void aRedeliveredSubmissionAnswersWithTheSameJob() {
        topics.sendRaw(Topics.JOB_SUBMISSIONS, "sub-twice", SPEC);
        topics.sendRaw(Topics.JOB_SUBMISSIONS, "sub-twice", SPEC);

        List<String> answers = topics.readUntil(Topics.JOB_SUBMISSION_RESULTS,
                values -> values.stream().filter(v -> v.contains("\"sub-twice\"")).count() >= 2, WAIT);

        List<JobSubmissionResult> mine = answers.stream().map(io.mesoflow.events.EventCodec::decode)
                .map(JobSubmissionResult.class::cast).filter(r -> r.submissionId().equals("sub-twice")).toList();
        assertThat(mine).hasSize(2);
        assertThat(mine.get(1).jobId()).isEqualTo(mine.get(0).jobId()).isNotNull();
    }

    @Test
    void aMalformedRecordIsDeadLetteredAndTheConsumerGoesOn() {
        topics.sendRaw(Topics.JOB_SUBMISSIONS, "sub-garbage", "this is not json {");
        topics.sendRaw(Topics.JOB_SUBMISSIONS, null, SPEC.replace("from-kafka", "after-garbage"));

        List<String> dead = topics.readUntil(Topics.deadLetter(Topics.JOB_SUBMISSIONS),
                values -> values.contains("this is not json {"), WAIT);
        assertThat(dead).contains("this is not json {");
        JobSubmissionResult unkeyed = topics.await(Topics.JOB_SUBMISSION_RESULTS, JobSubmissionResult.class,
                r -> r.accepted() && r.jobId().startsWith("after-garbage"), WAIT);
        assertThat(unkeyed.submissionId()).matches("\\d+-\\d+");
    }
}
