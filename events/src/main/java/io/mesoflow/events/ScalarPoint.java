package io.mesoflow.events;

import java.util.Objects;

/** One value of one TensorBoard scalar (e.g. {@code loss}) at one training step. */
public record ScalarPoint(String tag, long step, double value) {
    public ScalarPoint {
        Objects.requireNonNull(tag, "tag");
    }
}
