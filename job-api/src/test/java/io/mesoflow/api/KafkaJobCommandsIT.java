package io.mesoflow.api;

import static io.mesoflow.api.TeamAccessIT.as;
import static io.mesoflow.api.TeamAccessIT.newTeam;
import static io.mesoflow.api.TeamAccessIT.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobCommandResult;
import io.mesoflow.events.JobSubmissionResult;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.SuspendCause;
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

/** Suspend, resume and cancel commands on mesoflow.job-commands, answered on mesoflow.job-command-results. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class KafkaJobCommandsIT {
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

    static JobCommandResult answerTo(String commandId) {
        return topics.await(Topics.JOB_COMMAND_RESULTS, JobCommandResult.class, r -> r.commandId().equals(commandId),
                WAIT);
    }

    static String command(String jobId, String team, String action, String extra) {
        return "{\"jobId\": \"" + jobId + "\", \"team\": \"" + team + "\", \"action\": \"" + action + "\"" + extra + "}";
    }

    @Test
    void aSuspendCommandOfTheJobsTeamIsAppliedOnceEvenWhenRedelivered() {
        String team = newTeam();
        String alice = tokenFor(team, "alice");
        String id = SuspendResumeIT.submit(alice, team);

        String body = command(id, team, "suspend", ", \"reason\": \"nightly window\", \"gracePeriodSeconds\": 10");
        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-suspend-" + id, body);
        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-suspend-" + id, body);

        JobCommandResult answer = answerTo("cmd-suspend-" + id);
        assertThat(answer.accepted()).isTrue();
        assertThat(answer.jobId()).isEqualTo(id);
        assertThat(answer.action()).isEqualTo("suspend");
        JobSuspendRequested asked = topics.await(Topics.JOBS, JobSuspendRequested.class, e -> e.jobId().equals(id), WAIT);
        assertThat(asked.suspension().cause()).isEqualTo(SuspendCause.USER);
        assertThat(asked.suspension().gracePeriodSeconds()).isEqualTo(10L);
        assertThat(asked.reason()).isEqualTo("nightly window");
        List<String> answers = topics.readUntil(Topics.JOB_COMMAND_RESULTS,
                values -> values.stream().filter(v -> v.contains("\"cmd-suspend-" + id + "\"")).count() >= 2, WAIT);
        assertThat(answers.stream().filter(v -> v.contains("\"cmd-suspend-" + id + "\""))
                .map(v -> (JobCommandResult) EventCodec.decode(v))).allMatch(JobCommandResult::accepted);
        List<String> lines = as(alice).get("/api/v1/jobs/" + id + "/events").then().statusCode(200).extract()
                .path("state");
        assertThat(lines.stream().filter("SUSPEND_REQUESTED"::equals)).hasSize(1);
    }

    @Test
    void aCommandNamingAnotherTeamIsRejectedAndNothingHappens() {
        String team = newTeam();
        String alice = tokenFor(team, "alice");
        String id = SuspendResumeIT.submit(alice, team);

        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-wrong-team-" + id, command(id, newTeam(), "cancel", ""));

        JobCommandResult answer = answerTo("cmd-wrong-team-" + id);
        assertThat(answer.accepted()).isFalse();
        assertThat(answer.errors()).extracting(JobSubmissionResult.Rejection::field).containsExactly("jobId");
        List<String> lines = as(alice).get("/api/v1/jobs/" + id + "/events").then().extract().path("state");
        assertThat(lines).doesNotContain("CANCEL_REQUESTED");
    }

    @Test
    void invalidJsonAndBadFieldsAreAnsweredAsRejectedAndTheConsumerGoesOn() {
        String team = newTeam();
        String alice = tokenFor(team, "alice");
        String id = SuspendResumeIT.submit(alice, team);
        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-garbage", "this is not json {");
        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-bad-fields", "{\"action\": \"pause\", \"gracePeriodSeconds\": -1}");
        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-resume-" + id, command(id, team, "resume", ""));
        topics.sendRaw(Topics.JOB_COMMANDS, "cmd-cancel-" + id, command(id, team, "cancel", ", \"reason\": \"stop\""));

        assertThat(answerTo("cmd-garbage").errors()).extracting(JobSubmissionResult.Rejection::field)
                .containsExactly("");
        assertThat(answerTo("cmd-bad-fields").errors()).extracting(JobSubmissionResult.Rejection::field)
                .containsExactlyInAnyOrder("jobId", "team", "action", "gracePeriodSeconds");
        JobCommandResult resume = answerTo("cmd-resume-" + id);
        assertThat(resume.accepted()).isFalse();
        assertThat(resume.errors().get(0).reason()).contains("not suspended");
        assertThat(answerTo("cmd-cancel-" + id).accepted()).isTrue();
        assertThat(topics.await(Topics.JOBS, JobCancelRequested.class, e -> e.jobId().equals(id), WAIT).reason())
                .isEqualTo("stop");
    }
}
