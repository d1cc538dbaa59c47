package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.api.eta.Demand;
import io.mesoflow.events.JobSpec;
import org.junit.jupiter.api.Test;

/** Specs read again on every progress record and queue estimate are decoded once per text. */
class JobSpecsTest {
    static String spec(String name) {
        return "{\"name\":\"" + name + "\",\"team\":\"team-a\",\"entryPoint\":\"python3 train.py\"}";
    }

    @Test
    void theSameSpecTextIsDecodedOnce() {
        String text = spec("specs-once");
        JobSpec first = JobSpecs.parse(text);
        assertThat(JobSpecs.parse(new String(text.toCharArray()))).isSameAs(first);
        assertThat(first.name()).isEqualTo("specs-once");
    }

    @Test
    void aChangedSpecIsDecodedAnew() {
        assertThat(JobSpecs.parse(spec("before")).name()).isEqualTo("before");
        assertThat(JobSpecs.parse(spec("after")).name()).isEqualTo("after");
    }

    @Test
    void aSpecThatDoesNotReadFailsAndHasNoDemand() {
        assertThatThrownBy(() -> JobSpecs.parse("{not json")).isInstanceOf(RuntimeException.class);
        assertThat(JobSpecs.demand("{not json")).isEqualTo(Demand.NONE);
    }
}
