package io.mesoflow.launcher.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeaseTest {
    static final long S = 1_000_000_000L;

    static Stream<Arguments> validity() {
        // granted at (ns), asked at (ns), valid?
        return Stream.of(
                Arguments.of(0L, 0L, true),
                Arguments.of(0L, 4 * S, true),
                Arguments.of(0L, 5 * S - 1, true),
                Arguments.of(0L, 5 * S, false),
                Arguments.of(0L, 60 * S, false),
                // nanoTime may be negative or wrap: only differences count
                Arguments.of(Long.MAX_VALUE - S, Long.MAX_VALUE + 2 * S, true),
                Arguments.of(Long.MAX_VALUE - S, Long.MAX_VALUE + 5 * S, false));
    }

    @ParameterizedTest(name = "granted at {0}, asked at {1}: valid {2}")
    @MethodSource("validity")
    void aLeaseHoldsForItsLengthFromWhenTheRenewalWasSent(long grantedAt, long askedAt, boolean valid) {
        Lease lease = new Lease(Duration.ofSeconds(5));
        lease.granted(7, grantedAt);

        assertThat(lease.validAt(askedAt)).isEqualTo(valid);
        assertThat(lease.epoch()).isEqualTo(7);
    }

    @Test
    void aLostLeaseIsInvalidEvenBeforeItWouldExpire() {
        Lease lease = new Lease(Duration.ofSeconds(5));
        lease.granted(3, 0);

        lease.lost();

        assertThat(lease.validAt(1)).isFalse();
        assertThat(lease.held()).isFalse();
    }

    @Test
    void aLeaseNeverGrantedIsNotValid() {
        assertThat(new Lease(Duration.ofSeconds(5)).validAt(0)).isFalse();
    }

    @Test
    void aRenewalMovesTheExpiryFromTheTimeItWasSent() {
        Lease lease = new Lease(Duration.ofSeconds(5));
        lease.granted(1, 0);
        lease.granted(1, 3 * S);

        assertThat(lease.validAt(7 * S)).isTrue();
        assertThat(lease.validAt(8 * S)).isFalse();
    }
}
