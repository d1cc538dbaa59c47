package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.api.spec.JobCommandParser.Action;
import org.junit.jupiter.api.Test;

class JobCommandParserTest {
    @Test
    void aSuspendBodyTakesAReasonAndAGracePeriod() {
        JobCommandParser.Command c = JobCommandParser.body(Action.SUSPEND,
                JobSpecParserTest.json("{\"reason\":\"night\",\"gracePeriodSeconds\":0}"));
        assertThat(c.reason()).isEqualTo("night");
        assertThat(c.gracePeriodSeconds()).isZero();
        assertThat(JobCommandParser.body(Action.SUSPEND, null).gracePeriodSeconds()).isNull();
    }

    @Test
    void aBadBodyIsAProblemNamingEveryBadField() {
        String longReason = "x".repeat(501);
        assertThatThrownBy(() -> JobCommandParser.body(Action.SUSPEND, JobSpecParserTest.json(
                "{\"reason\":\"" + longReason + "\",\"gracePeriodSeconds\":86401,\"force\":true}")))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("force", "reason", "gracePeriodSeconds"));
        assertThatThrownBy(() -> JobCommandParser.body(Action.RESUME,
                JobSpecParserTest.json("{\"gracePeriodSeconds\":5}")))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("gracePeriodSeconds"));
    }

    @Test
    void aKafkaCommandNeedsJobTeamAndAKnownAction() {
        JobCommandParser.Command c = JobCommandParser.command(JobSpecParserTest.json(
                "{\"jobId\":\"j-1\",\"team\":\"ml\",\"action\":\"Suspend\",\"gracePeriodSeconds\":30}"));
        assertThat(c.action()).isEqualTo(Action.SUSPEND);
        assertThat(c.gracePeriodSeconds()).isEqualTo(30L);
        assertThatThrownBy(() -> JobCommandParser.command(JobSpecParserTest.json("{\"action\":\"pause\"}")))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder("jobId", "team", "action"));
        assertThatThrownBy(() -> JobCommandParser.command(JobSpecParserTest.json(
                "{\"jobId\":\"j\",\"team\":\"ml\",\"action\":\"cancel\",\"gracePeriodSeconds\":3}")))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("gracePeriodSeconds"));
    }
}
