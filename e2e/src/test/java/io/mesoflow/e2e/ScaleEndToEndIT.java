package io.mesoflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TasksPlacedTogether;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import io.mesoflow.testing.SharedStack;
import io.mesoflow.testing.TestTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production shape under load: two instances of job-api, placement-svc, secrets-svc and
 * monitor-svc, an active and a standby launcher; 100 small jobs submitted at once through both
 * API instances.
 */
class ScaleEndToEndIT {
    static final int JOBS = 100;
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    @Test
    void aHundredJobsSubmittedThroughBothApisAllSucceedWithEachAttemptLaunchedOnceAndEventsInOrder()
            throws Exception {
        assertThat(stack.instances("job-api")).hasSize(2);
        ObjectNode spec = Jobs.example("single-worker.json");
        ((ObjectNode) spec.get("context")).put("max_steps", 3).put("step_delay", 0.0);
        ((ObjectNode) spec.get("roles").get("worker")).put("cpus", 0.1).put("mem", 64);
        List<ServiceProcess> apis = stack.instances("job-api");

        List<String> ids = submitConcurrently(spec, apis);

        Set<String> pending = new java.util.HashSet<>(ids);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            pending.removeIf(id -> ended(apis.get(id.hashCode() & 1), id));
            return pending.isEmpty();
        });
        for (String id : ids) {
            assertThat(Jobs.get(stack, id).getString("state")).as(id).isEqualTo("SUCCEEDED");
        }
        Map<String, List<Sourced>> events = eventsOf(ids);
        Map<String, Long> launches = events.values().stream().flatMap(List::stream).map(Sourced::event)
                .filter(e -> e instanceof TaskStatusChanged s && s.state() == TaskState.STAGING)
                .collect(Collectors.groupingBy(e -> ((TaskStatusChanged) e).taskId(), Collectors.counting()));
        assertThat(launches).as("one launch per job").hasSize(JOBS)
                .allSatisfy((task, n) -> assertThat(n).as("launches of %s", task).isEqualTo(1));
        assertPlacedOnceAndSomeTogether(ids, events);
        for (String id : ids) {
            // Kafka orders one producer's records of one key; each producer's view of the job must move forward
            Map<String, List<JobState>> bySource = events.get(id).stream().filter(e -> e.event() instanceof JobStatusChanged)
                    .collect(Collectors.groupingBy(Sourced::source, LinkedHashMap::new,
                            Collectors.mapping(e -> ((JobStatusChanged) e.event()).state(), Collectors.toList())));
            bySource.forEach((source, states) -> assertThat(states).as("job-status of %s from %s", id, source)
                    .isSortedAccordingTo(java.util.Comparator.comparingInt(ScaleEndToEndIT::lifecycleRank)));
            List<JobState> all = bySource.values().stream().flatMap(List::stream).toList();
            assertThat(all.stream().filter(JobState::isTerminal).toList()).as(id).containsExactly(JobState.SUCCEEDED);
            List<TaskState> task = events.get(id).stream().filter(e -> e.event() instanceof TaskStatusChanged)
                    .map(e -> ((TaskStatusChanged) e.event()).state()).toList();
            assertThat(task).as("task status of %s from the launcher", id)
                    .containsSubsequence(TaskState.STAGING, TaskState.RUNNING, TaskState.FINISHED).endsWith(TaskState.FINISHED);
        }
    }

    /**
     * Each job is placed once, alone ({@code TasksPlaced}) or with others sharing one ACCEPT
     * ({@code TasksPlacedTogether}, default {@code jobs-per-accept} 8): jobs submitted at once to one
     * local agent share ACCEPTs, and every one of them still ran once (above). A record published
     * again (same event id: the outbox delivers at least once) is one placement; a job placed again
     * (a refused launch re-placed) is named with its task statuses.
     */
    static void assertPlacedOnceAndSomeTogether(List<String> ids, Map<String, List<Sourced>> events) {
        Set<String> wanted = Set.copyOf(ids);
        Set<String> seen = new java.util.HashSet<>();
        Map<String, Integer> placements = new java.util.HashMap<>();
        int together = 0;
        try (TestTopics topics = new TestTopics(stack.kafka().bootstrapServers(), "")) {
            for (String record : topics.readCaughtUpUntil(Topics.PLACEMENTS, all -> true, Duration.ofSeconds(30))) {
                var envelope = EventCodec.envelopeOf(record);
                if (!seen.add(envelope.id())) {
                    continue;
                }
                MesoflowEvent event = EventCodec.decode(envelope);
                List<TasksPlaced> placed = event instanceof TasksPlacedTogether t ? t.placements()
                        : event instanceof TasksPlaced p ? List.of(p) : List.of();
                placed.stream().map(TasksPlaced::jobId).filter(wanted::contains)
                        .forEach(id -> placements.merge(id, 1, Integer::sum));
                if (event instanceof TasksPlacedTogether t && wanted.contains(t.placements().get(0).jobId())) {
                    assertThat(t.placements()).hasSizeBetween(2, 8);
                    together++;
                }
            }
        }
        Map<String, List<String>> placedAgain = new java.util.TreeMap<>();
        placements.forEach((id, n) -> {
            if (n != 1) {
                placedAgain.put(id, events.getOrDefault(id, List.of()).stream().map(Sourced::event)
                        .filter(e -> e instanceof TaskStatusChanged).map(e -> (TaskStatusChanged) e)
                        .map(s -> s.taskId() + " " + s.state() + " " + s.reason() + " " + s.message()).toList());
            }
        });
        assertThat(placements).as("placements per job").hasSize(JOBS);
        assertThat(placedAgain).as("jobs placed more than once, with their task statuses").isEmpty();
        assertThat(together).as("ACCEPTs that jobs shared").isPositive();
    }

    static List<String> submitConcurrently(ObjectNode spec, List<ServiceProcess> apis) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ServiceProcess api = apis.get(i % apis.size());
                submitted.add(clients.submit(() -> given().baseUri(api.url())
                        .header("Authorization", "Bearer " + stack.adminToken())
                        .contentType("application/json").body(spec.toString())
                        .post("/api/v1/jobs").then().statusCode(201).extract().<String>path("id")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : submitted) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            clients.shutdown();
        }
    }

    static boolean ended(ServiceProcess api, String id) {
        String state = given().baseUri(api.url()).header("Authorization", "Bearer " + stack.adminToken())
                .get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("state");
        return JobState.valueOf(state).isTerminal();
    }

    /** An event and the service that produced it (the CloudEvent source). */
    record Sourced(String source, MesoflowEvent event) {
    }

    /** Task and job status events of these jobs, per job, in the order Kafka holds them (one partition per job). */
    static Map<String, List<Sourced>> eventsOf(List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        Map<String, List<Sourced>> byJob = new LinkedHashMap<>();
        try (TestTopics topics = new TestTopics(stack.kafka().bootstrapServers(), "")) {
            // every job has ended: each topic holds all of its records, read to the end
            for (String topic : List.of(Topics.TASK_STATUS, Topics.JOB_STATUS)) {
                for (String record : topics.readCaughtUpUntil(topic, all -> true, Duration.ofSeconds(60))) {
                    var envelope = EventCodec.envelopeOf(record);
                    MesoflowEvent event = EventCodec.decode(envelope);
                    if (wanted.contains(event.key())) {
                        byJob.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(new Sourced(envelope.source(), event));
                    }
                }
            }
        }
        return byJob;
    }

    /** Where a state sits in a job's life (as job-api's read model ranks it): a job never goes back. */
    static int lifecycleRank(JobState state) {
        return switch (state) {
            case SUBMITTED -> 0;
            case QUEUED -> 1;
            case PLACED -> 2;
            case LAUNCHING -> 3;
            case RUNNING, RESTARTING -> 4;
            case SUSPENDING, SUSPENDED -> 5; // this test suspends nothing
            case SUCCEEDED, FAILED, CANCELLED -> 6;
        };
    }
}
