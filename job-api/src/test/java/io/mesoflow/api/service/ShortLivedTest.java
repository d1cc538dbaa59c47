package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A value loaded at most once per freshFor (2 s here): when a second call shares the first load. */
class ShortLivedTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @ParameterizedTest(name = "second call at {0} ms, usable {1}: loads {2}")
    @CsvSource(delimiter = '|', value = {
        "0     | true  | 1",   // the same moment: shared
        "1999  | true  | 1",   // still fresh
        "2000  | true  | 2",   // stale: loaded again
        "60000 | true  | 2",
        "500   | false | 2",   // fresh but unusable (knows too little): loaded again
        "-1    | true  | 2",   // the clock went back: loaded again
    })
    void aSecondCallSharesTheLoadWhileItIsFreshAndUsable(long laterMs, boolean usable, int loads) {
        ShortLived<Integer> value = new ShortLived<>(Duration.ofSeconds(2));
        AtomicInteger count = new AtomicInteger();
        assertThat(value.get(T0, v -> true, count::incrementAndGet)).isEqualTo(1);

        int second = value.get(T0.plusMillis(laterMs), v -> usable, count::incrementAndGet);

        assertThat(count.get()).isEqualTo(loads);
        assertThat(second).isEqualTo(loads);
    }
}
