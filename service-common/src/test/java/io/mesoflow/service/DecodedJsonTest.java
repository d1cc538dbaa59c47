package io.mesoflow.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mesoflow.events.JobSpec;
import org.junit.jupiter.api.Test;

class DecodedJsonTest {

    static String spec(String name) {
        return "{\"name\":\"" + name + "\",\"team\":\"team-a\",\"entryPoint\":\"python3 train.py\"}";
    }

    @Test
    void theSameTextIsDecodedOnceAndGivesTheSameValue() {
        DecodedJson<JobSpec> specs = new DecodedJson<>(JobSpec.class, 4);
        String text = spec("a");
        JobSpec first = specs.of(text);
        assertSame(first, specs.of(new String(text.toCharArray())));
        assertEquals("a", first.name());
    }

    @Test
    void aChangedTextIsDecodedAnewNeverServedStale() {
        DecodedJson<JobSpec> specs = new DecodedJson<>(JobSpec.class, 4);
        JobSpec a = specs.of(spec("a"));
        JobSpec b = specs.of(spec("b"));
        assertNotSame(a, b);
        assertEquals("b", b.name());
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        DecodedJson<JobSpec> specs = new DecodedJson<>(JobSpec.class, 2);
        JobSpec a = specs.of(spec("a"));
        specs.of(spec("b"));
        specs.of(spec("a")); // a used last: b goes first
        specs.of(spec("c"));
        assertEquals(2, specs.size());
        assertSame(a, specs.of(spec("a")));
    }

    @Test
    void aTextThatDoesNotDecodeFailsAndIsNotKept() {
        DecodedJson<JobSpec> specs = new DecodedJson<>(JobSpec.class, 2);
        assertThrows(RuntimeException.class, () -> specs.of("{not json"));
        assertEquals(0, specs.size());
    }
}
