package io.mesoflow.launcher.local;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Task users as {@link UnixUser#lookup} found them, kept for {@code ttl}: a launch of n tasks of one
 * team asks {@code id} once, not n times (each ask is a process started on the launch's path). Only
 * users that exist are kept: a missing user is looked up again at every start, so creating it takes
 * effect at once; a user changed on the host is seen after {@code ttl} at most. Thread-safe.
 */
final class KnownUsers {
    /** How a name becomes a user (a process in production, a table in tests). */
    interface Lookup {
        Optional<UnixUser> find(String name) throws IOException;
    }

    private record Known(UnixUser user, long foundAtNanos) {
    }

    private final Lookup lookup;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    KnownUsers(Lookup lookup, Duration ttl, LongSupplier nanoTime) {
        this.lookup = lookup;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    static KnownUsers ofThisHost() {
        return new KnownUsers(UnixUser::lookup, Duration.ofSeconds(30), System::nanoTime);
    }

    Optional<UnixUser> find(String name) throws IOException {
        long now = nanoTime.getAsLong();
        Known hit = known.get(name);
        if (hit != null && now - hit.foundAtNanos() < ttlNanos) {
            return Optional.of(hit.user());
        }
        Optional<UnixUser> found = lookup.find(name);
        if (found.isPresent()) {
            known.put(name, new Known(found.get(), now));
        } else {
            known.remove(name);
        }
        return found;
    }
}
