package io.mesoflow.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every form a native query gives a time in reads as the same instant. */
class SqlTimesTest {
    static final Instant AT = Instant.parse("2024-05-01T10:00:00.123Z");

    static Stream<Object> forms() {
        return Stream.of(AT, OffsetDateTime.ofInstant(AT, ZoneOffset.ofHours(2)), Timestamp.from(AT),
                "2024-05-01T10:00:00.123Z");
    }

    @ParameterizedTest
    @MethodSource("forms")
    void eachFormIsTheSameInstant(Object value) {
        assertThat(SqlTimes.instant(value)).isEqualTo(AT);
    }

    @Test
    void nullIsNullAndANonTimeFails() {
        assertThat(SqlTimes.instant(null)).isNull();
        assertThatThrownBy(() -> SqlTimes.instant(42)).isInstanceOf(IllegalStateException.class);
    }
}
