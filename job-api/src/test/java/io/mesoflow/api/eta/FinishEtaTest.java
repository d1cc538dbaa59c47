package io.mesoflow.api.eta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinishEtaTest {
    static final Instant OBSERVED = Instant.parse("2025-03-01T10:00:00Z");

    @ParameterizedTest(name = "step {0} of {1} at {2}/s -> {3} / {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // step | total | steps/s | eta                    | reason
            "1200   | 3000  | 100     | 2025-03-01T10:00:18Z   | null",
            "0      | 3600  | 1       | 2025-03-01T11:00:00Z   | null",
            "1000   | 1001  | 4       | 2025-03-01T10:00:00.250Z | null",
            "3000   | 3000  | null    | 2025-03-01T10:00:00Z   | null",
            "3500   | 3000  | 0       | 2025-03-01T10:00:00Z   | null",
            "1200   | null  | 100     | null                   | total steps unknown",
            "1200   | 0     | 100     | null                   | total steps unknown",
            "1200   | 3000  | null    | null                   | step rate not measured yet",
            "1200   | 3000  | 0       | null                   | step rate is 0",
            "1200   | 3000  | -2      | null                   | step rate is 0",
            "null   | 3000  | 100     | null                   | no step reported",
            "1      | 9000000000000000000 | 0.000001 | null      | step rate too slow to finish within 10 years",
    })
    void theFinishEtaIsTheRemainingStepsAtTheMeasuredRateOrUnknownWithAReason(Long step, Long total, Double rate,
                                                                              String eta, String reason) {
        FinishEta.Estimate estimate = FinishEta.estimate(step, total, rate, OBSERVED);
        assertThat(estimate.eta()).isEqualTo(eta == null ? null : Instant.parse(eta));
        assertThat(estimate.reason()).isEqualTo(reason);
        assertThat(estimate.isKnown()).isEqualTo(eta != null);
    }

    @org.junit.jupiter.api.Test
    void withoutAReadingTheEtaIsUnknown() {
        assertThat(FinishEta.estimate(1L, 2L, 1.0, null).reason()).isEqualTo("no progress reported");
        assertThat(FinishEta.estimate(1L, 3L, Double.NaN, OBSERVED).reason()).isEqualTo("step rate is 0");
        assertThat(FinishEta.estimate(1L, 3L, Double.POSITIVE_INFINITY, OBSERVED).reason())
                .isEqualTo("step rate is not finite");
    }
}
