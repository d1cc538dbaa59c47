package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;

/** JSON of what placement stores (specs, offers, placements). */
final class PlacementJson {
    private PlacementJson() {
    }

    static String write(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read stored " + type.getSimpleName(), e);
        }
    }
}
