package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PublishFailuresTest {
    @Test
    void aJobsFailureIsNewsOnceUntilItIsPublishedAgain() {
        PublishFailures failures = new PublishFailures();

        assertThat(failures.failed("a")).isTrue();
        assertThat(failures.failed("a")).isFalse();
        assertThat(failures.failed("b")).isTrue();
        assertThat(failures.published("a")).isTrue();
        assertThat(failures.published("a")).isFalse();
        assertThat(failures.failed("a")).isTrue();
    }

    @Test
    void aJobThatEndedIsForgotten() {
        PublishFailures failures = new PublishFailures();
        failures.failed("a");

        failures.retain(List.of("b"));

        assertThat(failures.failed("a")).isTrue();
    }

    @Test
    void aRoundStartsAfterTheJobWhoseSendFailedLast() {
        PublishFailures failures = new PublishFailures();
        List<String> jobs = List.of("c", "a", "b");

        assertThat(failures.order(jobs)).containsExactly("a", "b", "c");
        failures.failed("a");
        assertThat(failures.order(jobs)).containsExactly("b", "c", "a");
        failures.failed("c");
        assertThat(failures.order(jobs)).containsExactly("a", "b", "c");
        failures.failed("bb"); // ended since
        assertThat(failures.order(jobs)).containsExactly("c", "a", "b");
    }
}
