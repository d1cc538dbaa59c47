package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import io.mesoflow.testing.SharedStack;
import io.mesoflow.testing.TestTopics;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One active launcher, one hot standby: kill -9 or pause the active one mid-training; the standby
 * takes the lease, adopts the running task processes, and nothing is relaunched or launched twice.
 */
class LauncherFailoverEndToEndIT {
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    @Test
    void aStandbyAdoptsTheRunningTasksOfAKilledLeaderWithoutRelaunchingAny() throws Exception {
        ServiceProcess leader = awaitLeader(null);
        String id = Jobs.submit(stack, Jobs.longTraining(500));
        Jobs.awaitState(stack, id, Duration.ofSeconds(60), "RUNNING");

        long killedAt = System.nanoTime();
        leader.kill();
        ServiceProcess successor = awaitLeader(leader);
        long takeOverMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("[failover] %s took over %d ms after kill -9 of %s%n", successor.name(), takeOverMs,
                leader.name());

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(attemptsPerTask(id)).as("no task relaunched").allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        assertThat(takeOverMs).as("documented bound: lease 5 s + standby poll 0.5 s + take-over").isLessThan(10_000);
        String after = Jobs.submit(stack, Jobs.example("single-worker.json"));
        assertThat(Jobs.awaitEnd(stack, after, Duration.ofSeconds(120)).getString("state")).isEqualTo("SUCCEEDED");
        assertThat(launchesPerAttempt(id, after)).hasSizeGreaterThan(1).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));

        leader.start().awaitReady(Duration.ofSeconds(120));
        assertThat(leader.isLeader()).as("a restarted launcher is a standby").isFalse();
    }

    @Test
    void aPausedLeaderNeverActsAfterTheStandbyTookOver() throws Exception {
        ServiceProcess leader = awaitLeader(null);
        String running = Jobs.submit(stack, Jobs.longTraining(500));
        Jobs.awaitState(stack, running, Duration.ofSeconds(60), "RUNNING");

        leader.pause();
        ServiceProcess successor;
        String during;
        try {
            successor = awaitLeader(leader);
            during = Jobs.submit(stack, Jobs.example("single-worker.json"));
            Jobs.awaitState(stack, during, Duration.ofSeconds(60), "RUNNING", "SUCCEEDED");
        } finally {
            leader.resume();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !leader.isLeader());
        assertThat(successor.isLeader()).isTrue();
        for (String id : List.of(running, during)) {
            JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
            assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        }
        assertThat(attemptsPerTask(running)).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        assertThat(launchesPerAttempt(running, during)).hasSizeGreaterThan(1).allSatisfy((task, n) -> assertThat(n).as(task).isEqualTo(1));
    }

    /** Waits until a launcher other than {@code not} leads. */
    static ServiceProcess awaitLeader(ServiceProcess not) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.leadingLauncher().filter(l -> l != not).orElse(null), l -> l != null);
    }

    static Map<String, Integer> attemptsPerTask(String id) throws Exception {
        JsonNode attempts = Jobs.attempts(stack, id);
        return java.util.stream.StreamSupport.stream(attempts.spliterator(), false)
                .collect(Collectors.toMap(a -> a.get("name").asText(), a -> 1, Integer::sum));
    }

    /** STAGING reports per task attempt of these jobs, read from mesoflow.task-status: one per launch. */
    static Map<String, Long> launchesPerAttempt(String... jobs) {
        List<String> ids = List.of(jobs);
        try (TestTopics topics = new TestTopics(stack.kafka().bootstrapServers(), "")) {
            return topics.readAll(Topics.TASK_STATUS, Duration.ofSeconds(3)).stream()
                    .map(r -> (MesoflowEvent) EventCodec.decode(r.value()))
                    .filter(e -> e instanceof TaskStatusChanged s && ids.contains(s.jobId())
                            && s.state() == TaskState.STAGING)
                    .map(e -> ((TaskStatusChanged) e).taskId())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
    }
}
