package io.mesoflow.launcher;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import java.util.List;

/**
 * A cluster the launcher runs tasks on. It offers resources (OfferMade) and reports task states
 * (TaskStatusChanged); these calls carry out placement's and monitor's decisions. Every call is
 * idempotent: a request seen twice acts once.
 */
public interface ClusterBackend {
    void launch(LaunchRequested request);

    /**
     * Several launch requests, in order, as if each were {@link #launch}ed (the default does just
     * that); a backend may carry them out together. Idempotent as {@link #launch}: when it throws,
     * each request may be launched again on its own.
     */
    default void launchAll(List<LaunchRequested> requests) {
        requests.forEach(this::launch);
    }

    void kill(KillTaskRequested request);

    void decline(DeclineOfferRequested request);

    /** Clears refusal filters so declined resources are offered again now. */
    void revive();

    /** Nothing waits for resources: stop sending offers until the next revive. */
    default void suppress() {
    }

    /** This launcher now leads: connect, reconcile what the last leader left, start offering. */
    void takeOver();

    /** Leadership is lost: stop acting at once; running tasks are left for the next leader. */
    void stepDown();

    /** A clean stop while leading (the default: the same as losing leadership). */
    default void shutDown() {
        stepDown();
    }
}
