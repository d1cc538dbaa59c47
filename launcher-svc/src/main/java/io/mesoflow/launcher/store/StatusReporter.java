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

    public void task(TaskStatusChanged status) {
        LOG.infof("task %s %s%s", status.taskId(), status.state(),
                status.exitCode() == null ? "" : " (exit " + status.exitCode() + ")");
        publish(Topics.TASK_STATUS, status);
        published.fire(status);
    }

    /**
     * A run of task statuses (a launch's STAGINGs, a run of Mesos updates), published in order
     * without a round trip to the broker per status: sent in list order (so per-key order holds)
     * with at most {@link #MAX_IN_FLIGHT} unacknowledged at a time, each acknowledgement awaited in
     * turn (at most {@link #BATCH_TIMEOUT} each) only when the window is full or the run is sent.
     * From the first status not acknowledged on (its send failed or the wait ran out), each status
     * is published again one at a time with retries, as {@link #task} does, so the topic keeps the
     * run's order (a status may then appear twice: consumers take each at least once). Returns once
     * every status is published, each fired once ({@link #published}). Not the acting leader:
     * nothing is sent, each is fired, as {@link #task} does.
     */
    public void tasks(List<TaskStatusChanged> statuses) {
        if (!elector.acting()) {
            LOG.infof("not the leader: not publishing %d task states", statuses.size());
            statuses.forEach(published::fire);
            return;
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>(statuses.size());
        for (int i = 0; i < statuses.size(); i++) {
            int oldest = i - MAX_IN_FLIGHT;
            if (oldest >= 0 && !acknowledged(statuses.get(oldest), sends.get(oldest))) {
                oneAtATime(statuses, oldest);
                return;
            }
            TaskStatusChanged status = statuses.get(i);
            sends.add(publisher.send(kafka.topic(Topics.TASK_STATUS), status.key(), codec.encode(status))
                    .subscribeAsCompletionStage());
        }
        for (int i = Math.max(0, statuses.size() - MAX_IN_FLIGHT); i < statuses.size(); i++) {
            if (!acknowledged(statuses.get(i), sends.get(i))) {
                oneAtATime(statuses, i);
                return;
            }
        }
    }

    /** Waits for a status's send; when the broker took it, what {@link #task} does after publishing. */
    private boolean acknowledged(TaskStatusChanged status, CompletableFuture<Void> send) {
        try {
            send.get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing task states", e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("publishing the state of %s failed (%s): publishing it and every one after it one at a time",
                    status.taskId(), e instanceof ExecutionException ? e.getCause() : "no answer in "
                            + BATCH_TIMEOUT.toSeconds() + " s");
            return false;
        }
        LOG.infof("task %s %s%s", status.taskId(), status.state(),
                status.exitCode() == null ? "" : " (exit " + status.exitCode() + ")");
        metrics.counter("mesoflow.events.published", "type", TaskStatusChanged.class.getSimpleName()).increment();
        published.fire(status);
        return true;
    }

    /** {@link #task}, with retries, for every status from {@code from} on. */
    private void oneAtATime(List<TaskStatusChanged> statuses, int from) {
        statuses.subList(from, statuses.size()).forEach(this::task);
    }

    public void offer(OfferMade offer) {
        publish(Topics.OFFERS, offer);
    }

    /**
     * Publishes several offers, sent together and each acknowledgement then awaited; one the broker did
     * not take is published again on its own (with {@link #offer}'s retries).
     */
    public void offers(List<OfferMade> offers) {
        if (offers.size() == 1 || !elector.acting()) {
            offers.forEach(this::offer);
            return;
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>(offers.size());
        for (OfferMade offer : offers) {
            sends.add(publisher.send(kafka.topic(Topics.OFFERS), offer.key(), codec.encode(offer))
                    .subscribeAsCompletionStage());
        }
        for (int i = 0; i < offers.size(); i++) {
            try {
                sends.get(i).get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing offers", e);
            } catch (ExecutionException | TimeoutException e) {
                offer(offers.get(i));
            }
        }
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

    private void publish(String topic, MesoflowEvent event) {
        Backoff backoff = Backoff.ofMillis(100, 5_000);
        while (true) {
            if (!elector.acting()) {
                LOG.infof("not the leader: not publishing %s for %s", event.eventType(), event.key());
                return;
            }
            try {
                publisher.publish(topic, event);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cannot publish %s yet, retrying in %d ms: %s", event.eventType(), backoff.peekMs(),
                        e.getMessage());
                if (!backoff.pause()) {
                    return;
                }
            }
        }
    }
}
