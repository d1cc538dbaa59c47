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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

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
     * {@link #task} without waiting: sends the status and completes when the broker acknowledged
     * it; call {@link #taskPublished} then, or, when it failed, {@link #task}, which publishes with
     * retries. Null when this launcher is not the acting leader: nothing is sent, and what
     * {@link #task} does then is done.
     */
    public CompletableFuture<Void> taskAsync(TaskStatusChanged status) {
        LOG.infof("task %s %s%s", status.taskId(), status.state(),
                status.exitCode() == null ? "" : " (exit " + status.exitCode() + ")");
        if (!elector.acting()) {
            LOG.infof("not the leader: not publishing %s for %s", status.eventType(), status.key());
            published.fire(status);
            return null;
        }
        return publisher.send(kafka.topic(Topics.TASK_STATUS), status.key(), codec.encode(status))
                .subscribeAsCompletionStage();
    }

    /** What {@link #task} does after publishing, for a status {@link #taskAsync} sent. */
    public void taskPublished(TaskStatusChanged status) {
        metrics.counter("mesoflow.events.published", "type", TaskStatusChanged.class.getSimpleName()).increment();
        published.fire(status);
    }

    /**
     * Several task states at once (a launch's STAGING): every record is sent, in order, before any
     * acknowledgement is awaited, so a launch of n tasks waits for the broker once, not n times. Per-key
     * order holds (the records go to the producer in list order). When the batch is not acknowledged,
     * each state is published again on its own, retried as {@link #task} does: at least once.
     */
    public void tasks(List<TaskStatusChanged> statuses) {
        if (!elector.acting()) {
            LOG.infof("not the leader: not publishing %d task states", statuses.size());
            return;
        }
        try {
            List<Uni<Void>> sends = statuses.stream().map(s -> publisher.send(kafka.topic(Topics.TASK_STATUS),
                    s.key(), codec.encode(s))).toList();
            Uni.join().all(sends).andFailFast().await().atMost(BATCH_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("publishing %d task states together failed, one at a time now: %s", statuses.size(),
                    e.getMessage());
            statuses.forEach(this::task);
            return;
        }
        for (TaskStatusChanged status : statuses) {
            LOG.infof("task %s %s", status.taskId(), status.state());
            metrics.counter("mesoflow.events.published", "type", TaskStatusChanged.class.getSimpleName()).increment();
            published.fire(status);
        }
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
