package io.mesoflow.secrets.app;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TasksPlacedTogether;
import io.mesoflow.events.Topics;
import io.mesoflow.secrets.SecretsConfig;
import io.mesoflow.secrets.core.SharedLaunch;
import io.mesoflow.service.Backoff;
import io.mesoflow.service.EventInbox;
import io.mesoflow.service.EventPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns each placement into a launch request once its secrets are sealed:
 * <ul>
 *   <li>resolved: {@code LaunchRequested} with the sealed values;</li>
 *   <li>a secret that does not exist (or may not be read): every task ends in {@code ERROR} with
 *       the reason (never relaunched, so no crash loop) and its offers are declined;</li>
 *   <li>Vault unreachable: the placement waits in {@code pending_placements}, the job shows the
 *       reason, and {@link PendingPlacements} retries with back-off.</li>
 * </ul>
 * Jobs placed to share one ACCEPT ({@code TasksPlacedTogether}) are resolved job by job and go on
 * as one launch record ({@link SharedLaunch}): a job that fails or waits does not hold up the others.
 * Re-delivery forwards a placement again: the launcher ignores task ids it already launched.
 */
@ApplicationScoped
public class PlacementForwarder {
    @Inject
    EventInbox inbox;

    @Inject
    EventPublisher publisher;

    @Inject
    SecretResolver resolver;

    @Inject
    SecretsConfig config;

    @Incoming("placements")
    @Blocking
    public CompletionStage<Void> onPlacement(Message<String> message) {
        return inbox.handle(message, this::forward);
    }

    void forward(MesoflowEvent event) {
        if (event instanceof TasksPlaced placed) {
            attempt(placed, 0);
        } else if (event instanceof TasksPlacedTogether together) {
            forwardTogether(together);
        }
    }

    /**
     * Jobs placed to share one ACCEPT: each job's secrets resolved on its own, the jobs resolved
     * launched together as one record ({@link SharedLaunch}).
     */
    void forwardTogether(TasksPlacedTogether together) {
        List<SharedLaunch.JobOutcome> outcomes = together.placements().stream().map(this::outcomeOf).toList();
        SharedLaunch.Plan plan = SharedLaunch.plan(together.agentId(), outcomes);
        if (plan.launch() != null) {
            publisher.publish(Topics.LAUNCHES, plan.launch());
        }
        plan.failed().forEach(f -> fail(f.placed(), f.reason(), plan.decline()));
        plan.waiting().forEach(w -> await(w.placed(), 0, w.reason()));
    }

    private SharedLaunch.JobOutcome outcomeOf(TasksPlaced placed) {
        if (SecretResolver.referencesOf(placed).isEmpty()) {
            return new SharedLaunch.Launch(placed, new LaunchRequested(placed.jobId(), placed.revision(),
                    placed.tasks(), List.of()));
        }
        SecretResolver.Outcome outcome = resolver.resolve(placed);
        if (outcome instanceof SecretResolver.Resolved resolved) {
            return new SharedLaunch.Launch(placed, new LaunchRequested(placed.jobId(), placed.revision(),
                    placed.tasks(), resolved.secrets()));
        }
        if (outcome instanceof SecretResolver.Failed failed) {
            return new SharedLaunch.Fail(placed, failed.reason());
        }
        return new SharedLaunch.Wait(placed, ((SecretResolver.Waiting) outcome).reason());
    }

    /** Tries a placement; returns true when it is done with (launched or failed), false when it must wait. */
    boolean attempt(TasksPlaced placed, int tries) {
        SharedLaunch.JobOutcome outcome = outcomeOf(placed);
        if (outcome instanceof SharedLaunch.Launch launch) {
            publisher.publish(Topics.LAUNCHES, launch.request());
            return true;
        }
        if (outcome instanceof SharedLaunch.Fail failed) {
            fail(placed, failed.reason(), true);
            return true;
        }
        await(placed, tries, ((SharedLaunch.Wait) outcome).reason());
        return false;
    }

    /** The placement waits for its secrets in {@code pending_placements}; the job shows why. */
    private void await(TasksPlaced placed, int tries, String reason) {
        Duration backoff = backoff(tries);
        QuarkusTransaction.joiningExisting().run(() -> hold(placed, tries, reason, backoff));
        boolean relaunch = placed.tasks().stream().anyMatch(t -> t.attempt() > 0);
        publisher.publish(Topics.JOB_STATUS, new JobStatusChanged(placed.jobId(),
                relaunch ? JobState.RESTARTING : JobState.PLACED, "waiting for secrets: " + reason + "; retrying in "
                + backoff.toSeconds() + " s", null, Instant.now()));
    }

    /** Every task ends in ERROR; {@code declineOffers}: its offers go back (no other job uses them). */
    private void fail(TasksPlaced placed, String reason, boolean declineOffers) {
        Instant now = Instant.now();
        for (TaskPlacement task : placed.tasks()) {
            publisher.publish(Topics.TASK_STATUS, TaskStatusChanged.of(placed.jobId(), task.taskName(), task.attempt(),
                    task.taskId(placed.jobId()), TaskState.ERROR).withReason("REASON_TASK_INVALID", reason)
                    .placedAs(task).at(now));
        }
        if (declineOffers) {
            placed.tasks().stream().flatMap(t -> t.offerIds().stream()
                    .map(o -> new DeclineOfferRequested(o, t.agentId(), 0)))
                    .distinct().forEach(d -> publisher.publish(Topics.CONTROL, d));
        }
    }

    private void hold(TasksPlaced placed, int tries, String reason, Duration backoff) {
        String id = placed.jobId() + "/" + placed.revision() + "/" + placed.tasks().get(0).taskName() + "."
                + placed.tasks().get(0).attempt();
        PendingPlacementEntity pending = PendingPlacementEntity.findById(id);
        if (pending == null) {
            pending = new PendingPlacementEntity();
            pending.id = id;
            pending.jobId = placed.jobId();
            pending.placement = EventCodec.json(placed);
        }
        pending.tries = tries + 1;
        pending.nextTryAt = Instant.now().plus(backoff);
        pending.lastReason = reason;
        pending.persist();
    }

    /** The wait after {@code tries} failed tries: {@code retry-initial}, doubling up to {@code retry-max}. */
    Duration backoff(int tries) {
        return new Backoff(config.retryInitial(), config.retryMax()).delay(tries);
    }
}
