package io.mesoflow.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A job's statuses are stamped in order even when the instance saying one has a clock behind. */
class JobStatusStampTest {
    static final Instant LAST = Instant.parse("2026-12-02T10:00:00.000005Z");

    @Test
    void aClockAheadOfTheJobsLastStatusGivesItsOwnTimeToTheMicrosecond() {
        assertThat(JobRecords.stampAfter(LAST, Instant.parse("2026-12-02T10:00:01.123456789Z")))
                .isEqualTo(Instant.parse("2026-12-02T10:00:01.123456Z"));
    }

    @Test
    void aClockBehindOrEqualToTheJobsLastStatusStampsOneMicrosecondAfterIt() {
        Instant next = Instant.parse("2026-12-02T10:00:00.000006Z");
        assertThat(JobRecords.stampAfter(LAST, Instant.parse("2026-12-02T09:59:59.5Z"))).isEqualTo(next);
        assertThat(JobRecords.stampAfter(LAST, LAST)).isEqualTo(next);
        assertThat(JobRecords.stampAfter(LAST, LAST.plusNanos(999))).as("the same microsecond").isEqualTo(next);
    }

    @Test
    void aJobWithNoStatusYetTakesTheClock() {
        assertThat(JobRecords.stampAfter(null, LAST.plusNanos(1))).isEqualTo(LAST);
    }
}
