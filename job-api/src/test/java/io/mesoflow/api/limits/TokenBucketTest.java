package io.mesoflow.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A team's submissions through a token bucket, with a clock the test moves. */
class TokenBucketTest {
    static final long MS = 1_000_000L;

    /**
     * Each row: the limit, the times (ms from the start) of the submissions, and what each gets: 0
     * when allowed, else the Retry-After seconds.
     */
    @ParameterizedTest(name = "{0}/s, burst {1}: at {2} ms -> {3}")
    @CsvSource(delimiter = '|', value = {
            // a full bucket lets the burst through at once, then refuses until a token comes back
            "50   | 200 | 0x200, 0                     | 0x200, 1",
            // one token every 20 ms at 50/s
            "50   | 2   | 0, 0, 0, 19, 20, 20           | 0, 0, 1, 1, 0, 1",
            // a slow rate: the wait is rounded up to whole seconds
            "0.1  | 1   | 0, 0, 5000, 9999, 10000       | 0, 10, 5, 1, 0",
            "0.01 | 2   | 0, 0, 0                       | 0, 0, 100",
            // a refused submission takes nothing: the next token still comes on time
            "1    | 1   | 0, 500, 900, 1000             | 0, 1, 1, 0",
            // an idle bucket refills only up to its burst
            "10   | 3   | 0, 0, 0, 60000, 60000, 60000, 60000 | 0, 0, 0, 0, 0, 0, 1",
    })
    void aTeamGetsItsBurstAtOnceAndThenItsRate(double rate, int burst, String times, String expected) {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        long start = clock.get();
        TeamRateLimiter limiter = new TeamRateLimiter(team -> new TeamRateLimiter.Limit(rate, burst), clock::get);

        List<Long> got = new ArrayList<>();
        for (long at : expand(times)) {
            clock.set(start + at * MS);
            got.add(limiter.acquire("ml"));
        }

        assertThat(got).containsExactlyElementsOf(expand(expected));
    }

    @Test
    void eachTeamHasItsOwnBucket() {
        AtomicLong clock = new AtomicLong();
        TeamRateLimiter limiter = new TeamRateLimiter(team -> new TeamRateLimiter.Limit(1, 1), clock::get);

        assertThat(limiter.acquire("ml")).isZero();
        assertThat(limiter.acquire("ml")).isEqualTo(1);
        assertThat(limiter.acquire("cv")).isZero();
    }

    @Test
    void aTeamWithoutALimitIsNeverRefused() {
        TeamRateLimiter limiter = new TeamRateLimiter(team -> team.equals("ci") ? null
                : new TeamRateLimiter.Limit(1, 1), () -> 0L);

        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire("ci")).isZero();
        }
        assertThat(limiter.acquire("ml")).isZero();
        assertThat(limiter.acquire("ml")).isPositive();
    }

    @Test
    void aChangedLimitStartsTheTeamWithAFullBucket() {
        double[] rate = {1};
        TeamRateLimiter limiter = new TeamRateLimiter(team -> new TeamRateLimiter.Limit(rate[0], 1), () -> 0L);
        limiter.acquire("ml");
        assertThat(limiter.acquire("ml")).isEqualTo(1);

        rate[0] = 2;

        assertThat(limiter.acquire("ml")).isZero();
    }

    @Test
    void fullBucketsAreDroppedWhenManyTeamsCame() {
        AtomicLong clock = new AtomicLong();
        TeamRateLimiter limiter = new TeamRateLimiter(team -> new TeamRateLimiter.Limit(1, 1), clock::get);
        for (int i = 0; i <= TeamRateLimiter.PRUNE_ABOVE; i++) {
            limiter.acquire("team-" + i);
        }
        clock.addAndGet(2_000 * MS);

        limiter.acquire("one-more");

        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void aBucketNeedsARateAndABurst() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** "0x3, 5" -> [0, 0, 0, 5]. */
    static List<Long> expand(String values) {
        List<Long> out = new ArrayList<>();
        Arrays.stream(values.split(",")).map(String::strip).forEach(v -> {
            String[] parts = v.split("x");
            for (int i = 0; i < (parts.length == 2 ? Integer.parseInt(parts[1]) : 1); i++) {
                out.add(Long.parseLong(parts[0]));
            }
        });
        return out;
    }
}
