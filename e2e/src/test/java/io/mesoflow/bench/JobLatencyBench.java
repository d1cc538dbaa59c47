package io.mesoflow.bench;

import io.mesoflow.e2e.Jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Submit-to-RUNNING and submit-to-SUCCEEDED of the distributed example over 5 runs, and where the
 * time goes hop by hop (from Kafka record timestamps). A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=JobLatencyBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
class JobLatencyBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int RUNS = Integer.getInteger("bench.runs", 5);

    @Test
    void measure() throws Exception {
        Path example = LocalStack.repositoryRoot().resolve("examples/ps-training");
        ObjectNode spec = (ObjectNode) JSON.readTree(example.resolve("multi-worker.json").toFile());
        spec.put("artifactUrl", example.resolve("train.py").toUri().toString());
        Map<String, List<Long>> figures = new LinkedHashMap<>();
        try (LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/bench").toAbsolutePath(),
                LocalStack.declaredAgent("24000-24199"))
                .start(); TestTopics topics = new TestTopics(stack.kafka().bootstrapServers(), "")) {
            for (int run = 0; run < RUNS + 1; run++) {
                long submitted = System.currentTimeMillis();
                String id = Jobs.api(stack).contentType("application/json").body(spec.toString())
                        .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
                long running = 0;
                while (true) {
                    String state = Jobs.api(stack).get("/api/v1/jobs/" + id).path("state");
                    if ("RUNNING".equals(state) && running == 0) {
                        running = System.currentTimeMillis();
                    }
                    if (JobState.valueOf(state).isTerminal()) {
                        if (!"SUCCEEDED".equals(state)) {
                            throw new AssertionError("job " + id + " ended " + state);
                        }
                        break;
                    }
                    Thread.sleep(20);
                }
                long done = System.currentTimeMillis();
                if (run == 0) {
                    continue; // warm-up: first use of every code path in five fresh JVMs
                }
                if (running != 0) { // a short job may end before a poll sees it RUNNING (its hops still say)
                    add(figures, "submit -> RUNNING seen by the API", running - submitted);
                }
                add(figures, "submit -> SUCCEEDED seen by the API", done - submitted);
                hops(topics, id, submitted).forEach((hop, ms) -> add(figures, hop, ms));
            }
        }
        System.out.println();
        System.out.printf("%-48s %8s %8s %8s   (ms over %d runs)%n", "", "min", "median", "max", RUNS);
        figures.forEach((name, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            System.out.printf("%-48s %8d %8d %8d%n", name, sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1));
        });
    }

    /** Time of each hop of one job, from the record timestamps on each topic. */
    static Map<String, Long> hops(TestTopics topics, String id, long submitted) {
        long jobSubmitted = first(topics, Topics.JOBS, id, e -> true);
        long placed = first(topics, Topics.PLACEMENTS, id, e -> e instanceof TasksPlaced);
        long launch = first(topics, Topics.LAUNCHES, id, e -> e instanceof LaunchRequested);
        long staging = first(topics, Topics.TASK_STATUS, id,
                e -> e instanceof TaskStatusChanged s && s.state() == TaskState.STAGING);
        long allRunning = last(topics, Topics.TASK_STATUS, id,
                e -> e instanceof TaskStatusChanged s && s.state() == TaskState.RUNNING);
        long jobRunning = first(topics, Topics.JOB_STATUS, id,
                e -> e instanceof JobStatusChanged s && s.state() == JobState.RUNNING);
        long chiefDone = first(topics, Topics.TASK_STATUS, id,
                e -> e instanceof TaskStatusChanged s && s.taskName().equals("chief-0") && s.state().isTerminal());
        long succeeded = first(topics, Topics.JOB_STATUS, id,
                e -> e instanceof JobStatusChanged s && s.state() == JobState.SUCCEEDED);
        Map<String, Long> hops = new LinkedHashMap<>();
        hops.put("  HTTP submit -> JobSubmitted on Kafka (job-api)", jobSubmitted - submitted);
        hops.put("  JobSubmitted -> TasksPlaced (placement)", placed - jobSubmitted);
        hops.put("  TasksPlaced -> LaunchRequested (secrets)", launch - placed);
        hops.put("  LaunchRequested -> first STAGING (launcher)", staging - launch);
        hops.put("  first STAGING -> last task RUNNING (launcher)", allRunning - staging);
        hops.put("  last task RUNNING -> job RUNNING (monitor)", jobRunning - allRunning);
        hops.put("  training: job RUNNING -> chief exited", chiefDone - jobRunning);
        hops.put("  chief exited -> SUCCEEDED (monitor)", succeeded - chiefDone);
        return hops;
    }

    static long first(TestTopics topics, String topic, String id, java.util.function.Predicate<MesoflowEvent> match) {
        return times(topics, topic, id, match).get(0);
    }

    static long last(TestTopics topics, String topic, String id, java.util.function.Predicate<MesoflowEvent> match) {
        List<Long> times = times(topics, topic, id, match);
        return times.get(times.size() - 1);
    }

    static List<Long> times(TestTopics topics, String topic, String id,
                            java.util.function.Predicate<MesoflowEvent> match) {
        List<Long> times = new ArrayList<>();
        for (TestTopics.Timed record : topics.readAll(topic, Duration.ofSeconds(2))) {
            MesoflowEvent event = EventCodec.decode(record.value());
            if (event.key().equals(id) && match.test(event)) {
                times.add(record.timestamp());
            }
        }
        if (times.isEmpty()) {
            throw new AssertionError("no matching record of job " + id + " on " + topic);
        }
        return times;
    }

    static void add(Map<String, List<Long>> figures, String name, long ms) {
        figures.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
    }
}
