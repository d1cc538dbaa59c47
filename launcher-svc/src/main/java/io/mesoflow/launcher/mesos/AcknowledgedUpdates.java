package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The uuids of status updates already taken: those acknowledged (the newest 100,000) and those
 * handed over to be published and acknowledged (pending), so an update the agent resends is
 * reported and acknowledged once. A pending uuid is either acknowledged or forgotten (its run was
 * not published: the resend is then taken as new). Thread-safe.
 */
final class AcknowledgedUpdates {
    private static final int KEEP = 100_000;

    private final Set<ByteString> pending = new HashSet<>();
    private final Map<ByteString, Boolean> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > KEEP;
        }
    };

    /** Whether the update was acknowledged or is on its way to be: a resend is only acknowledged (again). */
    synchronized boolean contains(ByteString uuid) {
        return seen.containsKey(uuid) || pending.contains(uuid);
    }

    /** The update is handed over to be published, then acknowledged. */
    synchronized void pending(ByteString uuid) {
        pending.add(uuid);
    }

    /** The update was published and acknowledged. */
    synchronized void add(ByteString uuid) {
        pending.remove(uuid);
        seen.put(uuid, Boolean.TRUE);
    }

    /** The pending update was not published: a resend of it counts as new. */
    synchronized void forget(ByteString uuid) {
        pending.remove(uuid);
    }
}
