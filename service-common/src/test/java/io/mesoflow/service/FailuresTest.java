package io.mesoflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void aProgrammingErrorIsPermanent() {
        assertThat(Failures.isPermanent(new NullPointerException("frameworkId"))).isTrue();
        assertThat(Failures.isPermanent(new RuntimeException(new IllegalArgumentException("bad")))).isTrue();
    }

    @Test
    void aDatabaseBrokerOrNetworkFailureBehindAnyErrorIsWorthRetrying() {
        assertThat(Failures.isPermanent(new IllegalStateException("tx", new SQLException("down")))).isFalse();
        assertThat(Failures.isPermanent(new RuntimeException(new IOException("refused")))).isFalse();
        assertThat(Failures.isPermanent(new org.apache.kafka.common.errors.TimeoutException("slow"))).isFalse();
    }

    @Test
    void anUnknownFailureIsRetried() {
        assertThat(Failures.isPermanent(new RuntimeException("who knows"))).isFalse();
    }
}
