package io.mesoflow.placement.app;

import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.placement.core.EventRelevance;
import io.mesoflow.service.EventInbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Kafka in: jobs (incl. suspend and resume requests), offers, relaunch requests, team quotas, task status (usage), job
 * status (ends, suspends) and progress (checkpoints). Events are recorded in a transaction (the busy channels' a poll
 * at a time), then a placement pass runs ({@link PassRunner}); events that cannot change placement's state (most
 * statuses, its own declines) record nothing and ask for no pass.
 */
@ApplicationScoped
public class PlacementEvents {
    @Inject
    EventInbox inbox;

    @Inject
    PlacementState state;

    @Inject
    PlacementPass pass;

    @Inject
    PassRunner passes;

    @Incoming("jobs")
    @Blocking
    public CompletionStage<Void> onJobs(KafkaRecordBatch<String, String> batch) {
        return consume(batch);
    }

    @Incoming("offers")
    @Blocking
    public CompletionStage<Void> onOffers(KafkaRecordBatch<String, String> batch) {
        return consume(batch);
    }

    @Incoming("control")
    @Blocking
    public CompletionStage<Void> onControl(Message<String> message) {
        return consume(message);
    }

    @Incoming("teams")
    @Blocking
    public CompletionStage<Void> onTeam(Message<String> message) {
        return consume(message);
    }

    @Incoming("task-status")
    @Blocking
    public CompletionStage<Void> onTaskStatuss(KafkaRecordBatch<String, String> batch) {
        return consume(batch);
    }

    /** Checkpoints (JobProgress), for what a preemption would lose; other progress events are ignored. */
    @Incoming("progress")
    @Blocking
    public CompletionStage<Void> onProgress(Message<String> message) {
        return consume(message);
    }

    /** Job states: an ended job's pending relaunches are dropped; a SUSPENDED one may go back in the queue. */
    @Incoming("job-status")
    @Blocking
    public CompletionStage<Void> onJobStatuss(KafkaRecordBatch<String, String> batch) {
        return consume(batch);
    }

    /**
     * Records the event in its own transaction; when it changed what placement acts on, a pass follows
     * once it committed ({@link PassRunner}: the events recorded meanwhile share it). An event that
     * cannot change placement's state ({@link EventRelevance}) is acknowledged without a transaction.
     */
    private CompletionStage<Void> consume(Message<String> message) {
        return inbox.handle(message, event -> {
            if (EventRelevance.matters(event)
                    && QuarkusTransaction.requiringNew().call(() -> record(event))) {
                passes.request();
            }
        });
    }

    /**
     * A poll's records (the busy channels: {@code batch=true}) in ONE transaction, then one pass: a
     * burst of submissions is recorded at once and placed together, instead of records and passes
     * taking turns (one job per pass). The pass lock is taken first when any record needs it (a poll
     * of only submissions, task statuses and offers does not), so no row read before it is written
     * back after it from a stale copy in the persistence context. Should the batch
     * fail, {@link EventInbox#inOneTransaction} records each event on its own, as {@link #consume(Message)}.
     */
    private CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        AtomicBoolean changed = new AtomicBoolean();
        return inbox.inOneTransaction(batch, batch.getRecords(), events -> {
            if (events.stream().anyMatch(EventRelevance::needsPassLock)) {
                pass.lock(); // before the batch reads any row: an entity read unlocked must not be rewritten later
            }
        }, event -> {
            if (EventRelevance.matters(event) && record(event)) {
                changed.set(true);
            }
        }).thenRun(() -> {
            if (changed.get()) {
                passes.request();
            }
        });
    }

    boolean record(MesoflowEvent event) {
        if (EventRelevance.needsPassLock(event)) {
            pass.lock(); // before any row lock a pass could wait for (PlacementPass)
        }
        return state.record(event);
    }
}
