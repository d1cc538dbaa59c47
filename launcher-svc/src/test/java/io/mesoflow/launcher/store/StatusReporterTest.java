package io.mesoflow.launcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.leader.LeaderElector;
import io.mesoflow.service.EventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    static final JobProgress PROGRESS = new JobProgress("job-1", "vision", "chief-0", 0, ProgressSource.PROGRESS_FILE,
            1, null, null, Map.of("loss", 0.5), List.of(), null, null, null, Instant.EPOCH);

    final List<String> sent = new ArrayList<>();

    StatusReporter reporter(boolean acting, Uni<Void> answer) {
        StatusReporter reporter = new StatusReporter();
        reporter.elector = new LeaderElector() {
            @Override
            public boolean acting() {
                return acting;
            }
        };
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                sent.add(fullTopic + " " + key);
                return answer;
            }
        };
        reporter.codec = new EventCodec("launcher-svc");
        reporter.kafka = () -> Optional.of("test-");
        reporter.metrics = new SimpleMeterRegistry();
        reporter.ending = FiredEvents.into(new ArrayList<>());
        return reporter;
    }

    @Test
    void aStatusThatEndsATaskIsAnnouncedBeforeItIsPublished() {
        List<String> order = new ArrayList<>();
        StatusReporter reporter = reporter(true, Uni.createFrom().voidItem());
        reporter.published = FiredEvents.into(new ArrayList<>());
        reporter.ending = FiredEvents.into(new ArrayList<>() {
            @Override
            public boolean add(TaskEnding ending) {
                order.add("ending " + ending.status().taskName());
                return true;
            }
        });
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                order.add("sent " + ((TaskStatusChanged) EventCodec.decode(payload)).taskName());
                return Uni.createFrom().voidItem();
            }

            @Override
            public void publish(String topic, MesoflowEvent event) {
                order.add("sent " + ((TaskStatusChanged) event).taskName());
            }
        };

        reporter.task(TaskStatusChanged.of("job-1", "chief-0", 0, "job-1.chief-0.0", TaskState.FINISHED));
        reporter.task(TaskStatusChanged.of("job-1", "ps-0", 0, "job-1.ps-0.0", TaskState.RUNNING));
        reporter.tasks(List.of(TaskStatusChanged.of("job-2", "worker-0", 0, "job-2.worker-0.0", TaskState.RUNNING),
                TaskStatusChanged.of("job-2", "worker-1", 0, "job-2.worker-1.0", TaskState.FAILED)));

        assertThat(order).containsExactly("ending chief-0", "sent chief-0", "sent ps-0", "ending worker-1",
                "sent worker-0", "sent worker-1");
    }

    @Test
    void theEndingsOfOneRunShareOneDeadlineSoTheRunWaitsAtMostOnceForThem() {
        List<TaskEnding> endings = new ArrayList<>();
        StatusReporter reporter = reporter(true, Uni.createFrom().voidItem());
        reporter.published = FiredEvents.into(new ArrayList<>());
        reporter.ending = FiredEvents.into(endings);
        long before = System.nanoTime();

        reporter.tasks(List.of(TaskStatusChanged.of("job-1", "chief-0", 0, "job-1.chief-0.0", TaskState.FINISHED),
                TaskStatusChanged.of("job-2", "chief-0", 0, "job-2.chief-0.0", TaskState.FAILED),
                TaskStatusChanged.of("job-3", "chief-0", 0, "job-3.chief-0.0", TaskState.KILLED)));

        assertThat(endings).hasSize(3);
        assertThat(endings).extracting(TaskEnding::deadline).containsOnly(endings.get(0).deadline());
        assertThat(endings.get(0).deadline() - before).isLessThanOrEqualTo(TaskEnding.WAIT.toNanos()
                + (System.nanoTime() - before));
    }

    @Test
    void aLauncherThatDoesNotActAnnouncesNoEnd() {
        List<TaskEnding> endings = new ArrayList<>();
        StatusReporter reporter = reporter(false, Uni.createFrom().voidItem());
        reporter.published = FiredEvents.into(new ArrayList<>());
        reporter.ending = FiredEvents.into(endings);

        reporter.tasks(List.of(TaskStatusChanged.of("job-2", "worker-1", 0, "job-2.worker-1.0", TaskState.FAILED)));

        assertThat(endings).isEmpty();
    }

    @Test
    void progressAcknowledgedByTheBrokerWasSent() {
        assertThat(reporter(true, Uni.createFrom().voidItem()).progress(PROGRESS, Duration.ofSeconds(1))).isTrue();
        assertThat(sent).containsExactly("test-" + Topics.PROGRESS + " job-1");
    }

    @Test
    void progressIsNotSentByALauncherThatDoesNotAct() {
        assertThat(reporter(false, Uni.createFrom().voidItem()).progress(PROGRESS, Duration.ofSeconds(1))).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void aSendTheBrokerDoesNotAcknowledgeFailsAfterTheShortTimeout() {
        StatusReporter reporter = reporter(true, Uni.createFrom().nothing());
        long started = System.nanoTime();

        assertThatThrownBy(() -> reporter.progress(PROGRESS, Duration.ofMillis(200)))
                .isInstanceOf(RuntimeException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anOfferCyclesOffersAreAllSentBeforeAnyAcknowledgementIsAwaited() {
        java.util.concurrent.CompletableFuture<Void> allSent = new java.util.concurrent.CompletableFuture<>();
        StatusReporter reporter = reporter(true, null);
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                sent.add(fullTopic + " " + key);
                if (sent.size() == 3) {
                    allSent.complete(null); // acknowledged only once all three are out
                }
                return Uni.createFrom().completionStage(allSent);
            }
        };
        List<io.mesoflow.events.OfferMade> offers = java.util.stream.IntStream.range(1, 4)
                .mapToObj(i -> new io.mesoflow.events.OfferMade("O-" + i, "local", "host", 1, 1024, 100, 0, List.of(),
                        Map.of(), Instant.EPOCH)).toList();

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> reporter.offers(offers));

        assertThat(sent).containsExactly("test-" + Topics.OFFERS + " local", "test-" + Topics.OFFERS + " local",
                "test-" + Topics.OFFERS + " local");
    }

    @Test
    void aLaunchsStatesAreAllSentInOrderBeforeAnyAcknowledgementIsAwaited() {
        java.util.concurrent.CompletableFuture<Void> allSent = new java.util.concurrent.CompletableFuture<>();
        List<TaskStatusChanged> fired = new ArrayList<>();
        StatusReporter reporter = reporter(true, Uni.createFrom().completionStage(allSent));
        reporter.published = FiredEvents.into(fired);
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                sent.add(EventCodec.decode(payload) instanceof TaskStatusChanged s ? s.taskName() : payload);
                if (sent.size() == 3) {
                    allSent.complete(null); // the broker acknowledges once every record was sent
                }
                return Uni.createFrom().completionStage(allSent);
            }
        };
        List<TaskStatusChanged> staging = java.util.stream.Stream.of("ps-0", "worker-0", "worker-1")
                .map(t -> TaskStatusChanged.of("job-1", t, 0, "job-1." + t + ".0", TaskState.STAGING)).toList();

        reporter.tasks(staging);

        assertThat(sent).containsExactly("ps-0", "worker-0", "worker-1");
        assertThat(fired).containsExactlyElementsOf(staging);
    }

    @Test
    void aLauncherThatDoesNotActSendsNoStatesAndStillFiresEach() {
        List<TaskStatusChanged> fired = new ArrayList<>();
        StatusReporter reporter = reporter(false, Uni.createFrom().voidItem());
        reporter.published = FiredEvents.into(fired);
        List<TaskStatusChanged> run = statuses("ps-0", "worker-0");

        reporter.tasks(run);

        assertThat(sent).isEmpty();
        assertThat(fired).containsExactlyElementsOf(run);
    }

    @Test
    void fromTheFirstStatusTheBrokerRefusedOnEachIsPublishedAgainOneAtATimeInOrder() {
        List<TaskStatusChanged> fired = new ArrayList<>();
        List<String> oneAtATime = new ArrayList<>();
        StatusReporter reporter = reporter(true, Uni.createFrom().voidItem());
        reporter.published = FiredEvents.into(fired);
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                String name = ((TaskStatusChanged) EventCodec.decode(payload)).taskName();
                sent.add(name);
                return name.equals("worker-1") ? Uni.createFrom().failure(new IllegalStateException("broker down"))
                        : Uni.createFrom().voidItem();
            }

            @Override
            public void publish(String topic, io.mesoflow.events.MesoflowEvent event) {
                oneAtATime.add(((TaskStatusChanged) event).taskName());
            }
        };
        List<TaskStatusChanged> run = statuses("ps-0", "worker-0", "worker-1", "worker-2");

        reporter.tasks(run);

        assertThat(sent).containsExactly("ps-0", "worker-0", "worker-1", "worker-2"); // all sent before awaiting
        assertThat(oneAtATime).containsExactly("worker-1", "worker-2"); // the refused one and every one after it
        assertThat(fired).containsExactlyElementsOf(run); // each fired once, in order
    }

    @Test
    void aLongRunHasAtMostMaxInFlightSendsUnacknowledged() {
        List<Integer> inFlightAtSend = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.CompletableFuture<Void>> answers = new ArrayList<>();
        StatusReporter reporter = reporter(true, Uni.createFrom().voidItem());
        reporter.published = FiredEvents.into(new ArrayList<>());
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                inFlightAtSend.add(unanswered.incrementAndGet());
                java.util.concurrent.CompletableFuture<Void> answer = new java.util.concurrent.CompletableFuture<>();
                answers.add(answer);
                if (unanswered.get() == StatusReporter.MAX_IN_FLIGHT || answers.size() == 100) {
                    answers.forEach(a -> a.complete(null)); // the broker answers what was sent
                    unanswered.set(0);
                }
                return Uni.createFrom().completionStage(answer);
            }
        };

        reporter.tasks(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "worker-" + i).map(t ->
                TaskStatusChanged.of("job-1", t, 0, "job-1." + t + ".0", TaskState.RUNNING)).toList());

        assertThat(inFlightAtSend).hasSize(100);
        assertThat(inFlightAtSend.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isEqualTo(StatusReporter.MAX_IN_FLIGHT);
    }

    @Test
    void aRunOfOffersIsAllSentInOrderBeforeAnyAcknowledgementIsAwaitedAndFromARefusedOneOnOneAtATime() {
        List<String> oneAtATime = new ArrayList<>();
        StatusReporter reporter = reporter(true, Uni.createFrom().voidItem());
        reporter.publisher = new EventPublisher() {
            @Override
            public Uni<Void> send(String fullTopic, String key, String payload) {
                String id = ((io.mesoflow.events.OfferMade) EventCodec.decode(payload)).offerId();
                sent.add(fullTopic + " " + id);
                return id.equals("o2") ? Uni.createFrom().failure(new IllegalStateException("broker down"))
                        : Uni.createFrom().voidItem();
            }

            @Override
            public void publish(String topic, io.mesoflow.events.MesoflowEvent event) {
                oneAtATime.add(topic + " " + ((io.mesoflow.events.OfferMade) event).offerId());
            }
        };

        reporter.offers(java.util.stream.Stream.of("o1", "o2", "o3").map(StatusReporterTest::offer).toList());

        assertThat(sent).containsExactly("test-" + Topics.OFFERS + " o1", "test-" + Topics.OFFERS + " o2",
                "test-" + Topics.OFFERS + " o3");
        assertThat(oneAtATime).containsExactly(Topics.OFFERS + " o2", Topics.OFFERS + " o3");
    }

    @Test
    void aLauncherThatDoesNotActSendsNoOffers() {
        reporter(false, Uni.createFrom().voidItem()).offers(List.of(offer("o1")));

        assertThat(sent).isEmpty();
    }

    static io.mesoflow.events.OfferMade offer(String id) {
        return new io.mesoflow.events.OfferMade(id, "agent-1", "host-1", 4, 4096, 1000, 0, List.of(), Map.of(),
                Instant.EPOCH);
    }

    static List<TaskStatusChanged> statuses(String... tasks) {
        return java.util.stream.Stream.of(tasks)
                .map(t -> TaskStatusChanged.of("job-1", t, 0, "job-1." + t + ".0", TaskState.STAGING)).toList();
    }

    @Test
    void aFailedSendFails() {
        StatusReporter reporter = reporter(true, Uni.createFrom().failure(new IllegalStateException("broker down")));

        assertThatThrownBy(() -> reporter.progress(PROGRESS, Duration.ofSeconds(1))).hasMessageContaining("broker down");
    }
}
