package io.mesoflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.e2e.Jobs;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobState;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How good the finish ETA is, and what reading progress costs, on a real TensorFlow run: the
 * parameter-server example ({@code examples/tf-ps-training/local.json}, {@code -Dbench.steps}, default
 * 3000) through the five services. Prints the finish ETA's error at 25 %, 50 % and 75 % of training
 * (against the time the chief exited), the JobProgress records per
 * minute, and the launcher's progress metrics. A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=ProgressBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
class ProgressBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int STEPS = Integer.getInteger("bench.steps", 3000);

    @Test
    void measure() throws Exception {
        Path file = LocalStack.repositoryRoot().resolve("examples/tf-ps-training/local.json");
        ObjectNode spec = (ObjectNode) JSON.readTree(file.toFile());
        spec.put("artifactUrl", file.getParent().resolve(spec.get("artifactUrl").asText()).toUri().toString());
        ((ObjectNode) spec.get("context")).put("max_steps", STEPS);
        try (LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/bench").toAbsolutePath(),
                LocalStack.declaredAgent("34000-34199")).start();
             TestTopics topics = new TestTopics(stack.kafka().bootstrapServers(), "")) {
            String id = Jobs.api(stack).contentType("application/json").body(spec.toString())
                    .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
            while (true) {
                String state = Jobs.api(stack).get("/api/v1/jobs/" + id).path("state");
                if (JobState.valueOf(state).isTerminal()) {
                    if (!"SUCCEEDED".equals(state)) {
                        throw new AssertionError("job " + id + " ended " + state);
                    }
                    break;
                }
                Thread.sleep(500);
            }
            List<JobProgress> records = progressOf(topics, id);
            report(records, chiefEnded(topics, id));
            System.out.println("launcher progress metrics:");
            metrics(stack.leadingLauncher().orElseThrow().url()).forEach(line -> System.out.println("  " + line));
        }
    }

    static List<JobProgress> progressOf(TestTopics topics, String id) {
        List<JobProgress> records = new ArrayList<>();
        for (TestTopics.Timed record : topics.readAll(Topics.PROGRESS, Duration.ofSeconds(3))) {
            MesoflowEvent event = EventCodec.decode(record.value());
            if (event instanceof JobProgress progress && progress.jobId().equals(id)) {
                records.add(progress);
            }
        }
        if (records.isEmpty()) {
            throw new AssertionError("no JobProgress of job " + id);
        }
        return records;
    }

    /** When training really finished: the record of the chief's exit. */
    static Instant chiefEnded(TestTopics topics, String id) {
        for (TestTopics.Timed record : topics.readAll(Topics.TASK_STATUS, Duration.ofSeconds(3))) {
            if (EventCodec.decode(record.value()) instanceof TaskStatusChanged status && status.jobId().equals(id)
                    && status.taskName().equals("chief-0") && status.state().isTerminal()) {
                return Instant.ofEpochMilli(record.timestamp());
            }
        }
        throw new AssertionError("no end of chief-0 of job " + id);
    }

    static void report(List<JobProgress> records, Instant finished) {
        JobProgress first = records.get(0);
        JobProgress last = records.get(records.size() - 1);
        Instant started = first.observedAt();
        double minutes = Duration.between(started, last.observedAt()).toMillis() / 60_000.0;
        System.out.println();
        System.out.printf("JobProgress records: %d over %.2f min (%.1f per minute), total steps %s%n",
                records.size(), minutes, records.size() / Math.max(minutes, 1e-9), last.totalSteps());
        System.out.printf("%-10s %8s %22s %22s %10s %10s%n", "at", "step", "finish ETA", "actual finish",
                "error s", "% of left");
        for (double at : new double[] {0.25, 0.50, 0.75}) {
            JobProgress p = records.stream().filter(r -> r.fractionDone() != null && r.fractionDone() >= at
                    && r.finishEta() != null).findFirst().orElse(null);
            if (p == null) {
                System.out.printf("%-10s no record with an ETA at or past this point%n", (int) (at * 100) + " %");
                continue;
            }
            double error = Duration.between(finished, p.finishEta()).toMillis() / 1000.0;
            double left = Duration.between(p.observedAt(), finished).toMillis() / 1000.0;
            System.out.printf("%-10s %8d %22s %22s %10.1f %9.0f%%%n", (int) (at * 100) + " %", p.step(),
                    p.finishEta(), finished, error, left > 0 ? 100 * Math.abs(error) / left : 0);
        }
    }

    static List<String> metrics(String launcherUrl) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(launcherUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(l -> l.contains("progress") && !l.startsWith("#")).toList();
    }
}
