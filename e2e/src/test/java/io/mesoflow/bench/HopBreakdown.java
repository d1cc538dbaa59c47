package io.mesoflow.bench;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.TestTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a job's submit -> all tasks RUNNING goes, hop by hop, from the Kafka record timestamps
 * (producer create time) of the first record of each step: submit -> JobSubmitted (job-api and its
 * outbox relay), -> TasksPlaced (placement), -> LaunchRequested (secrets), -> first STAGING
 * (launcher: claim, offers, first report), -> last task RUNNING (launcher: sandboxes, process starts; each
 * task's first RUNNING, as FloorBench counts it, not the later one that says it is ready).
 * Each topic is read once for every job.
 */
final class HopBreakdown {
    static final List<String> HOPS = List.of("  submit -> JobSubmitted (job-api)", "  -> TasksPlaced (placement)",
            "  -> LaunchRequested (secrets)", "  -> first STAGING (launcher)", "  -> last task RUNNING (launcher)");

    private final Map<String, Long> jobs;
    private final Map<String, Long> placed;
    private final Map<String, Long> launched;
    private final Map<String, Long> staging;
    private final Map<String, Long> lastRunning;

    HopBreakdown(TestTopics topics) {
        jobs = firsts(topics, Topics.JOBS, e -> true);
        // a job placed to share an ACCEPT travels inside its group's record: its hop ends with that record
        placed = firsts(topics, Topics.PLACEMENTS,
                e -> e instanceof TasksPlaced || e instanceof io.mesoflow.events.TasksPlacedTogether,
                e -> e instanceof io.mesoflow.events.TasksPlacedTogether t
                        ? t.placements().stream().map(TasksPlaced::jobId).toList() : List.of(e.key()));
        launched = firsts(topics, Topics.LAUNCHES,
                e -> e instanceof LaunchRequested || e instanceof io.mesoflow.events.LaunchesRequestedTogether,
                e -> e instanceof io.mesoflow.events.LaunchesRequestedTogether t
                        ? t.launches().stream().map(LaunchRequested::jobId).toList() : List.of(e.key()));
        staging = firsts(topics, Topics.TASK_STATUS,
                e -> e instanceof TaskStatusChanged s && s.state() == TaskState.STAGING && s.attempt() == 0);
        // each task's first RUNNING (a later one says it became ready), the last of them per job
        Map<String, Map<String, Long>> firstRunning = new HashMap<>();
        for (TestTopics.Timed record : topics.readAll(Topics.TASK_STATUS, Duration.ofSeconds(2))) {
            if (EventCodec.decode(record.value()) instanceof TaskStatusChanged s && s.state() == TaskState.RUNNING
                    && s.attempt() == 0) {
                firstRunning.computeIfAbsent(s.jobId(), j -> new HashMap<>()).putIfAbsent(s.taskName(),
                        record.timestamp());
            }
        }
        lastRunning = new HashMap<>();
        firstRunning.forEach((job, tasks) -> lastRunning.put(job, java.util.Collections.max(tasks.values())));
    }

    /** Each hop's times (ms) over the jobs submitted at the given times; a job missing a step is left out of that hop. */
    Map<String, List<Long>> of(Map<String, Long> submitted) {
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        HOPS.forEach(h -> hops.put(h, new ArrayList<>()));
        submitted.forEach((id, at) -> {
            Long[] steps = {at, jobs.get(id), placed.get(id), launched.get(id), staging.get(id), lastRunning.get(id)};
            for (int i = 1; i < steps.length; i++) {
                if (steps[i] != null && steps[i - 1] != null) {
                    hops.get(HOPS.get(i - 1)).add(steps[i] - steps[i - 1]);
                }
            }
        });
        return hops;
    }

    /** When the job's last task first reported RUNNING (record timestamp, epoch ms); null if it did not. */
    Long lastRunning(String jobId) {
        return lastRunning.get(jobId);
    }

    private static Map<String, Long> firsts(TestTopics topics, String topic, Predicate<MesoflowEvent> match) {
        return firsts(topics, topic, match, e -> List.of(e.key()));
    }

    /** Each job's first record on the topic that matches, or that carries it ({@code jobsOf}: the jobs a record is for). */
    private static Map<String, Long> firsts(TestTopics topics, String topic, Predicate<MesoflowEvent> match,
                                            java.util.function.Function<MesoflowEvent, List<String>> jobsOf) {
        Map<String, Long> firsts = new HashMap<>();
        for (TestTopics.Timed record : topics.readAll(topic, Duration.ofSeconds(2))) {
            MesoflowEvent event = EventCodec.decode(record.value());
            if (match.test(event)) {
                jobsOf.apply(event).forEach(job -> firsts.merge(job, record.timestamp(), Math::min));
            }
        }
        return firsts;
    }
}
