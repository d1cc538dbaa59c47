package io.mesoflow.launcher.store;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.leader.LeaderElector;
import io.mesoflow.service.Backoff;
import io.mesoflow.service.EventPublisher;
import io.mesoflow.service.KafkaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Publishes what the backend observes. Direct (not through an outbox): after a crash the launcher
 * rebuilds these events from its own state (recovery rescinds offers and reports lost tasks).
 * Only the acting leader publishes: a launcher whose lease ran out drops what it saw (the next
 * leader reports the same tasks from its own observation).
 */
@ApplicationScoped
public class StatusReporter {
    private static final Logger LOG = Logger.getLogger(StatusReporter.class);
    /** How long a run's sends may wait for the broker before they are published again one at a time. */
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);
    /** The most statuses sent and not yet acknowledged (below the emitter's buffer of 128). */
    static final int MAX_IN_FLIGHT = 64;

    @Inject
    EventPublisher publisher;

    @Inject
    LeaderElector elector;

    @Inject
    EventCodec codec;

    @Inject
    KafkaConfig kafka;

    @Inject
    MeterRegistry metrics;

    /** Each task status reported, for what follows running tasks (progress reading). */
    @Inject
    Event<TaskStatusChanged> published;

    /** Each status that ends a task, just before it is published ({@link TaskEnding}). */
    @Inject
    Event<TaskEnding> ending;

    /** Whether this launcher is the acting leader, whose statuses are published (not dropped). */
    public boolean acting() {
        return elector.acting();
    }

    /**
     * Publishes one task status (with retries), after {@link TaskEnding} when it ends the task; true
     * when the broker took it, false when it was given up (this launcher stopped acting, or was
     * interrupted).
     */
    public boolean task(TaskStatusChanged status) {
        beforeEnd(status, System.nanoTime() + TaskEnding.WAIT.toNanos());
        return publishTask(status);
    }

    private boolean publishTask(TaskStatusChanged status) {
        LOG.infof("task %s %s%s", status.taskId(), status.state(),
                status.exitCode() == null ? "" : " (exit " + status.exitCode() + ")");
        boolean taken = publish(Topics.TASK_STATUS, status);
        published.fire(status);
        return taken;
    }

    /** Fires {@link TaskEnding} for a status that ends a task, on the acting leader; its observers never fail it. */
    private void beforeEnd(TaskStatusChanged status, long deadline) {
        if (!status.state().isTerminal() || !elector.acting()) {
            return;
        }
        try {
            ending.fire(new TaskEnding(status, deadline));
        } catch (RuntimeException e) {
            LOG.warnf(e, "before publishing %s %s", status.taskId(), status.state());
        }
    }

    /**
     * A run of task statuses (a launch's STAGINGs, a run of Mesos updates), published in order
     * without a round trip to the broker per status: sent in list order (so per-key order holds)
     * with at most {@link #MAX_IN_FLIGHT} unacknowledged at a time, each acknowledgement awaited in
     * turn (at most {@link #BATCH_TIMEOUT} each) only when the window is full or the run is sent.
     * From the first status not acknowledged on (its send failed or the wait ran out), each status
     * is published again one at a time with retries, as {@link #task} does, so the topic keeps the
     * run's order (a status may then appear twice: consumers take each at least once). Returns once
     * every status is published, each fired once ({@link #published}); {@link TaskEnding} is fired
     * before the run for each status in it that ends a task, all with one deadline. Not the acting leader: nothing is sent,
     * each is fired, as {@link #task} does.
     */
    public void tasks(List<TaskStatusChanged> statuses) {
        if (!elector.acting()) {
            LOG.infof("not the leader: not publishing %d task states", statuses.size());
            statuses.forEach(published::fire);
            return;
        }
        long deadline = System.nanoTime() + TaskEnding.WAIT.toNanos(); // one wait for the whole run
        statuses.forEach(status -> beforeEnd(status, deadline));
        publishRun(Topics.TASK_STATUS, statuses, status -> {
            LOG.infof("task %s %s%s", status.taskId(), status.state(),
                    status.exitCode() == null ? "" : " (exit " + status.exitCode() + ")");
            published.fire(status);
        }, this::publishTask);
    }

    /**
     * A run of offers (the offers of a run of Mesos OFFERS events), published as {@link #tasks}
     * publishes a run: sent together in order, acknowledgements awaited in turn, from the first one
     * not acknowledged on each published again one at a time with retries ({@link #offer}). Not the
     * acting leader: nothing is sent.
     */
    public void offers(List<OfferMade> offers) {
        if (!elector.acting()) {
            LOG.infof("not the leader: not publishing %d offers", offers.size());
            return;
        }
        publishRun(Topics.OFFERS, offers, offer -> {
        }, this::offer);
    }

    /** {@link #tasks}' way of publishing a run: {@code published} for each acknowledged one, {@code oneAtATime} from the first that is not. */
    private <E extends MesoflowEvent> void publishRun(String topic, List<E> events, Consumer<E> published,
                                                      Consumer<E> oneAtATime) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            int oldest = i - MAX_IN_FLIGHT;
            if (oldest >= 0 && !acknowledged(events.get(oldest), sends.get(oldest), published)) {
                events.subList(oldest, events.size()).forEach(oneAtATime);
                return;
            }
            E event = events.get(i);
            sends.add(publisher.send(kafka.topic(topic), event.key(), codec.encode(event)).subscribeAsCompletionStage());
        }
        for (int i = Math.max(0, events.size() - MAX_IN_FLIGHT); i < events.size(); i++) {
            if (!acknowledged(events.get(i), sends.get(i), published)) {
                events.subList(i, events.size()).forEach(oneAtATime);
                return;
            }
        }
    }

    /** Waits for an event's send; when the broker took it, counts it and hands it to {@code published}. */
    private <E extends MesoflowEvent> boolean acknowledged(E event, CompletableFuture<Void> send, Consumer<E> published) {
        try {
            send.get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.eventType(), e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("publishing %s for %s failed (%s): publishing it and every one after it one at a time",
                    event.eventType(), event.key(), e instanceof ExecutionException ? e.getCause() : "no answer in "
                            + BATCH_TIMEOUT.toSeconds() + " s");
            return false;
        }
        metrics.counter("mesoflow.events.published", "type", event.getClass().getSimpleName()).increment();
        published.accept(event);
        return true;
    }

    public void offer(OfferMade offer) {
        publish(Topics.OFFERS, offer);
    }

    public void rescind(OfferRescinded rescinded) {
        publish(Topics.OFFERS, rescinded);
    }

    /**
     * Publishes a job's training progress once, waiting at most {@code timeout} for the broker, without
     * retrying (the caller offers it again at its next poll). True when it was sent; false when this
     * launcher is not the acting leader (nothing is sent).
     *
     * @throws RuntimeException when the send failed or was not acknowledged in time (it may still
     *                          arrive later)
     */
    public boolean progress(JobProgress progress, Duration timeout) {
        if (!elector.acting()) {
            return false;
        }
        publisher.send(kafka.topic(Topics.PROGRESS), progress.key(), codec.encode(progress)).await().atMost(timeout);
        metrics.counter("mesoflow.events.published", "type", JobProgress.class.getSimpleName()).increment();
        return true;
    }

    /** True once the broker took the event; false when given up (not the leader any more, or interrupted). */
    private boolean publish(String topic, MesoflowEvent event) {
        Backoff backoff = Backoff.ofMillis(100, 5_000);
        while (true) {
            if (!elector.acting()) {
                LOG.infof("not the leader: not publishing %s for %s", event.eventType(), event.key());
                return false;
            }
            try {
                publisher.publish(topic, event);
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("cannot publish %s yet, retrying in %d ms: %s", event.eventType(), backoff.peekMs(),
                        e.getMessage());
                if (!backoff.pause()) {
                    return false;
                }
            }
        }
    }
}
