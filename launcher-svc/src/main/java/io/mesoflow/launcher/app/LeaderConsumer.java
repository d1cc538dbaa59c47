package io.mesoflow.launcher.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.EventDecodingException;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.leader.LeaderElector;
import io.mesoflow.launcher.leader.Leadership;
import io.mesoflow.service.Backoff;
import io.mesoflow.service.EventPublisher;
import io.mesoflow.service.Failures;
import io.mesoflow.service.KafkaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Kafka in, on the leader only: launch requests, kills, declines, revive and suppress from
 * {@code mesoflow.launches} and {@code mesoflow.control}. A standby has no consumer at all, so it
 * holds no partition. The consumer is a static group member ({@code group.instance.id} the same on
 * every launcher): a new leader joining replaces the old member at once (no wait for its session to
 * expire) and fences it, so a paused old leader can no longer commit. Records are handled in order;
 * consecutive launch requests are carried out together (one claim transaction for them all), and
 * a failing record is retried while this launcher still leads, unless it fails with a programming
 * error ({@link Failures#isPermanent}) {@value #PERMANENT_TRIES} times: that record goes to
 * {@code <topic>.dlq} with the error, so one record never blocks every launch behind it. Offsets
 * are committed after handling (at least once: every backend call is idempotent). Undecodable
 * records go to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class LeaderConsumer implements Leadership {
    private static final Logger LOG = Logger.getLogger(LeaderConsumer.class);
    static final int PERMANENT_TRIES = 3;

    @Inject
    LauncherEvents events;

    @Inject
    LeaderElector elector;

    @Inject
    EventPublisher publisher;

    @Inject
    KafkaConfig kafka;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;

    @Override
    public synchronized void takeOver() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topic("launcher-svc"));
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, kafka.topic("launcher-svc-leader"));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        KafkaConsumer<String, String> created = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        created.subscribe(List.of(kafka.topic(Topics.LAUNCHES), kafka.topic(Topics.CONTROL)));
        consumer = created;
        thread = new Thread(() -> poll(created), "launcher-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stepDown() {
        KafkaConsumer<String, String> current = consumer;
        consumer = null;
        if (current == null) {
            return;
        }
        current.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String toString() {
        return "launch consumer";
    }

    private void poll(KafkaConsumer<String, String> own) {
        try (own) {
            while (consumer == own && elector.acting()) {
                ConsumerRecords<String, String> records = own.poll(Duration.ofMillis(500));
                if (!handleAll(records)) {
                    return;
                }
                if (!records.isEmpty()) {
                    own.commitSync();
                }
            }
        } catch (WakeupException stepDown) {
            LOG.debug("launch consumer stopped");
        } catch (RuntimeException e) {
            LOG.errorf(e, "launch consumer failed; it no longer consumes (fenced or broker error)");
            if (consumer == own) {
                restartLater();
            }
        }
    }

    /** A broker or group error ended the loop while still leading: start a fresh consumer. */
    private void restartLater() {
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (consumer != null && elector.acting()) {
                    consumer = null;
                    takeOver();
                }
            }
        }, "launcher-consumer-restart");
        restart.setDaemon(true);
        restart.start();
    }

    /**
     * A poll's records in order, each decoded once, each run of consecutive launch requests together
     * ({@link #launchTogether}); false when this launcher stopped leading before it handled them all.
     */
    private boolean handleAll(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> launches = new ArrayList<>();
        List<LaunchRequested> requests = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (LOG.isDebugEnabled()) {
                LOG.debugf("consumed a record for %s from %s-%d@%d, produced %d ms ago", record.key(), record.topic(),
                        record.partition(), record.offset(), System.currentTimeMillis() - record.timestamp());
            }
            MesoflowEvent event = decode(record);
            if (event instanceof LaunchRequested request) {
                launches.add(record);
                requests.add(request);
                continue;
            }
            if (!launchTogether(launches, requests) || !handle(record, event)) {
                return false;
            }
            launches.clear();
            requests.clear();
        }
        return launchTogether(launches, requests);
    }

    /**
     * Launch requests read together, carried out together (one claim transaction, their calls on
     * their way at once: {@link LauncherEvents#launchAll}). When that fails, each is handled again on
     * its own, with {@link #handle}'s retries and dead-lettering (launches are idempotent: a task
     * claimed already is not launched twice).
     */
    private boolean launchTogether(List<ConsumerRecord<String, String>> records, List<LaunchRequested> requests) {
        if (records.size() > 1 && elector.acting()) {
            try {
                events.launchAll(requests);
                metrics.counter("mesoflow.events.consumed", "type", LaunchRequested.class.getSimpleName(), "outcome",
                        "handled").increment(records.size());
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("launching %d requests together failed (%s): one at a time now", records.size(),
                        e.getMessage());
            }
        }
        for (int i = 0; i < records.size(); i++) {
            if (!handle(records.get(i), requests.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The record's event, or null when it cannot be decoded (then {@link #handle} dead-letters it). */
    private static MesoflowEvent decode(ConsumerRecord<String, String> record) {
        try {
            return EventCodec.decode(record.value());
        } catch (EventDecodingException e) {
            LOG.errorf("an undecodable record from %s: %s", record.topic(), e.getMessage());
            return null;
        }
    }

    /** Handles one record, decoded already ({@code event} null: undecodable); false when this launcher stopped leading before it could. */
    private boolean handle(ConsumerRecord<String, String> record, MesoflowEvent event) {
        if (event == null) {
            LOG.errorf("dead-lettering the undecodable record from %s", record.topic());
            publisher.send(record.topic() + ".dlq", record.key(), record.value()).await().atMost(Duration.ofSeconds(30));
            metrics.counter("mesoflow.events.consumed", "type", "unknown", "outcome", "dead-lettered").increment();
            return true;
        }
        String type = event.getClass().getSimpleName();
        Backoff backoff = Backoff.ofMillis(50, 5_000);
        int permanentFailures = 0;
        while (elector.acting()) {
            try {
                events.carryOut(event);
                metrics.counter("mesoflow.events.consumed", "type", type, "outcome", "handled").increment();
                return true;
            } catch (RuntimeException e) {
                if (Failures.isPermanent(e) && ++permanentFailures >= PERMANENT_TRIES) {
                    LOG.errorf(e, "dead-lettering %s for %s: it failed %d times with the same error", type, event.key(),
                            permanentFailures);
                    publisher.send(record.topic() + ".dlq", record.key(), record.value())
                            .await().atMost(Duration.ofSeconds(30));
                    metrics.counter("mesoflow.events.consumed", "type", type, "outcome", "dead-lettered").increment();
                    return true;
                }
                metrics.counter("mesoflow.events.consumed", "type", type, "outcome", "retried").increment();
                LOG.warnf(e, "handling %s for %s failed, retrying in %d ms", type, event.key(), backoff.peekMs());
                if (!backoff.pause()) {
                    return false;
                }
            }
        }
        return false;
    }
}
