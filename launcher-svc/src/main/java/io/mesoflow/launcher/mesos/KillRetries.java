package io.mesoflow.launcher.mesos;

import io.mesoflow.events.KillTaskRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The kills whose task has not ended yet. Mesos delivers a KILL at most once (the master or the agent
 * may drop it, a call may time out or find no subscription), and says so only by the task living on, so
 * a kill is sent again until its task ends: first {@code initial} plus the kill's grace period after it
 * was asked for (the task may take that long to stop), then after twice the last wait each time, up to
 * {@code max} (a first wait longer than {@code max}, from a long grace period, stands). A kill whose task
 * is no longer unfinished (ended, or never known) is forgotten. A second kill of the same task replaces
 * the first. Safe for several threads; the store is asked outside the lock.
 */
final class KillRetries {
    private record Tracked(KillTaskRequested kill, Instant next, Duration lastWait) {
    }

    private final Duration initial;
    private final Duration max;
    private final Map<String, Tracked> byTask = new LinkedHashMap<>();

    KillRetries(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("kill retries need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** A kill was asked for now (sent or not): it is sent again when due while its task is unfinished. */
    synchronized void asked(KillTaskRequested kill, Instant now) {
        Duration wait = initial.plusSeconds(kill.gracePeriodSeconds() == null ? 0 : Math.max(0, kill.gracePeriodSeconds()));
        byTask.put(kill.taskId(), new Tracked(kill, now.plus(wait), wait));
    }

    /**
     * The kills to send again now, each rescheduled; {@code unfinished} answers, for the due kills' task
     * ids only (asked once, outside this object's lock, and not at all when none is due), which of them
     * have not ended. The others are forgotten.
     */
    List<KillTaskRequested> due(Instant now, Function<Collection<String>, Set<String>> unfinished) {
        return again(picked(t -> !t.next().isAfter(now)), now, unfinished);
    }

    /**
     * Every kill whose task is unfinished, to send again at once, each rescheduled: a new subscription
     * (a new master may never have had them, and before the first one none was sent).
     */
    List<KillTaskRequested> all(Instant now, Function<Collection<String>, Set<String>> unfinished) {
        return again(picked(t -> true), now, unfinished);
    }

    private synchronized List<Tracked> picked(Predicate<Tracked> which) {
        return byTask.values().stream().filter(which).toList();
    }

    /** Reschedules each of {@code picked} whose task lives, forgets the others; one asked again meanwhile is left as it is. */
    private List<KillTaskRequested> again(List<Tracked> picked, Instant now,
                                          Function<Collection<String>, Set<String>> unfinished) {
        if (picked.isEmpty()) {
            return List.of();
        }
        Set<String> living = unfinished.apply(picked.stream().map(t -> t.kill().taskId()).toList());
        List<KillTaskRequested> again = new ArrayList<>();
        synchronized (this) {
            for (Tracked tracked : picked) {
                String taskId = tracked.kill().taskId();
                if (byTask.get(taskId) != tracked) {
                    continue; // asked again since it was picked: that kill's own schedule stands
                }
                if (!living.contains(taskId)) {
                    byTask.remove(taskId);
                    continue;
                }
                Duration wait = tracked.lastWait().multipliedBy(2);
                wait = wait.compareTo(max) > 0 ? max : wait;
                byTask.put(taskId, new Tracked(tracked.kill(), now.plus(wait), wait));
                again.add(tracked.kill());
            }
        }
        return again;
    }

    synchronized int size() {
        return byTask.size();
    }
}
