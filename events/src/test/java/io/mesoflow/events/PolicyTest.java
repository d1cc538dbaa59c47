package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policies travel in their exact historical spellings, and a missing one is its enum's default. */
class PolicyTest {

    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of(SuccessPolicy.CHIEF_ONLY, "ChiefOnly"),
                Arguments.of(SuccessPolicy.ALL_WORKERS, "AllWorkers"),
                Arguments.of(FailurePolicy.TASK, "task"),
                Arguments.of(FailurePolicy.GANG, "gang"),
                Arguments.of(RestartPolicy.ALWAYS, "Always"),
                Arguments.of(RestartPolicy.ON_FAILURE, "OnFailure"),
                Arguments.of(RestartPolicy.EXIT_CODE, "ExitCode"),
                Arguments.of(RestartPolicy.NEVER, "Never"));
    }

    @ParameterizedTest(name = "{0} is \"{1}\"")
    @MethodSource("spellings")
    void eachPolicyIsWrittenAndReadInItsWireSpelling(Enum<?> policy, String wire) throws Exception {
        String json = EventCodec.json(policy);

        assertThat(json).isEqualTo("\"" + wire + "\"");
        assertThat(EventCodec.mapper().readValue(json, policy.getClass())).isEqualTo(policy);
    }

    @Test
    void aSpecWithoutPoliciesGetsTheDefaults() {
        JobSpec spec = new JobSpec("j", "t", 0, "a", "e", null, "/o", null, null, null, null, null, null, null, false);

        assertThat(spec.successPolicy()).isEqualTo(SuccessPolicy.CHIEF_ONLY).isEqualTo(SuccessPolicy.DEFAULT);
        assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.TASK).isEqualTo(FailurePolicy.DEFAULT);
        assertThat(spec.role(Role.WORKER).restartPolicy()).isEqualTo(RestartPolicy.ON_FAILURE)
                .isEqualTo(RestartPolicy.DEFAULT);
        assertThat(spec.backoffLimit()).as("stays null on the wire").isNull();
        assertThat(spec.effectiveBackoffLimit()).isEqualTo(6).isEqualTo(JobSpec.DEFAULT_BACKOFF_LIMIT);
    }

    @Test
    void jsonNullPoliciesAreTheDefaults() throws Exception {
        JobSpec spec = EventCodec.mapper().readValue("{\"successPolicy\":null,\"failurePolicy\":null,"
                + "\"roles\":{\"worker\":{\"count\":1,\"restartPolicy\":null}}}", JobSpec.class);

        assertThat(spec.successPolicy()).isEqualTo(SuccessPolicy.DEFAULT);
        assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.DEFAULT);
        assertThat(spec.role(Role.WORKER).restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
    }

    @Test
    void anUnknownPolicyIsNotAValidEvent() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\",\"type\":\"io.mesoflow.JobSubmitted\","
                + "\"data\":{\"jobId\":\"j\",\"revision\":1,\"submittedAt\":\"2026-11-24T10:00:00Z\","
                + "\"spec\":{\"failurePolicy\":\"GANG\"}}}";

        assertThatThrownBy(() -> EventCodec.decode(json)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("unknown failurePolicy 'GANG'; must be one of [gang, task]");
    }

    @Test
    void wireNamesAreListedSortedForProblems() {
        assertThat(SuccessPolicy.wireNames()).containsExactly("AllWorkers", "ChiefOnly");
        assertThat(FailurePolicy.wireNames()).containsExactly("gang", "task");
        assertThat(RestartPolicy.wireNames()).containsExactly("Always", "ExitCode", "Never", "OnFailure");
        assertThat(RestartPolicy.find("onfailure")).as("spellings are exact").isEmpty();
    }
}
