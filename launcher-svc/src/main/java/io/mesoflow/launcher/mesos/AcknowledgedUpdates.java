package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The uuids of status updates already acknowledged (the newest 100,000), so an update the agent
 * resends is reported and acknowledged once. Thread-safe.
 */
final class AcknowledgedUpdates {
    private static final int KEEP = 100_000;

    private final Map<ByteString, Boolean> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > KEEP;
        }
    };

    synchronized boolean contains(ByteString uuid) {
        return seen.containsKey(uuid);
    }

    synchronized void add(ByteString uuid) {
        seen.put(uuid, Boolean.TRUE);
    }
}
