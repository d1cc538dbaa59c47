package io.mesoflow.launcher;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchesRequestedTogether;
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

    /**
     * Launch requests placed to share one ACCEPT of one agent's offers: carried out as ONE ACCEPT
     * (all the jobs' tasks take the offers together, as a Mesos master pools the offers one ACCEPT
     * names), each task claimed once, each job's secrets opened for it. Idempotent as {@link #launch}.
     */
    void launchTogether(LaunchesRequestedTogether request);

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
