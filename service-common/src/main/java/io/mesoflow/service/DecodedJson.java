package io.mesoflow.service;

import io.mesoflow.events.EventCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values decoded from JSON text, kept by the text itself: a row's spec read again (every placement
 * pass reads every pending job's, the monitor every status's job) is decoded once, and a changed text
 * can never return a stale value. Bounded (least recently used goes first) and thread-safe. The
 * values are shared: callers must not change them (the event records are immutable in practice).
 */
public final class DecodedJson<T> {
    private final Class<T> type;
    private final int capacity;
    private final Map<String, T> values;

    public DecodedJson(Class<T> type, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.type = type;
        this.capacity = capacity;
        this.values = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > DecodedJson.this.capacity;
            }
        };
    }

    /** The value {@code json} decodes to, decoded on first sight of this text. */
    public T of(String json) {
        synchronized (values) {
            T known = values.get(json);
            if (known != null) {
                return known;
            }
        }
        T decoded = EventCodec.fromJson(json, type);
        synchronized (values) {
            values.put(json, decoded);
        }
        return decoded;
    }

    /** How many decoded values are kept now. */
    public int size() {
        synchronized (values) {
            return values.size();
        }
    }
}
