package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobIdsTest {
    @Test
    void anIdIsTheNameAndEightRandomHexDigits() {
        assertThat(JobIds.mint("mnist")).matches("mnist-[0-9a-f]{8}");
    }

    @Test
    void dotsAndUnderscoresOfANameBecomeDashes() {
        assertThat(JobIds.mint("resnet_50.v2")).matches("resnet-50-v2-[0-9a-f]{8}");
    }

    @Test
    void aLongNameIsShortenedSoTheIdStaysReadable() {
        String id = JobIds.mint("a".repeat(63));

        assertThat(id).matches("a{" + JobIds.SLUG_CHARS + "}-[0-9a-f]{8}");
    }

    @Test
    void twoJobsOfOneNameGetDifferentIds() {
        assertThat(JobIds.mint("mnist")).isNotEqualTo(JobIds.mint("mnist"));
    }
}
