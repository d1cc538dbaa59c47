package io.mesoflow.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Looks up enum constants by their wire spelling, so each vocabulary enum states only its names. */
final class WireNames {
    private WireNames() {
    }

    static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> wireName, String name) {
        return Arrays.stream(values).filter(v -> wireName.apply(v).equals(name)).findFirst();
    }

    /** The constant spelled {@code name}; an unknown name is an error that lists the known ones. */
    static <E extends Enum<E>> E require(E[] values, Function<E, String> wireName, String name, String what) {
        return find(values, wireName, name).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + what + " '" + name + "'; must be one of " + names(values, wireName)));
    }

    /** The wire spellings, sorted (as problems list them). */
    static <E extends Enum<E>> List<String> names(E[] values, Function<E, String> wireName) {
        return Arrays.stream(values).map(wireName).sorted().toList();
    }
}
