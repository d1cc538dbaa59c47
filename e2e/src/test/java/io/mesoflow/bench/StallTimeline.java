package io.mesoflow.bench;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.TestTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The records around the slowest jobs, to see what a slow hop waited for: every record on the
 * topics between submit and launch (jobs, offers, control, placements, launches), the job-status
 * records and the slow job's own first task statuses, from submit to its last task RUNNING, in
 * producer-time order with the time since submit. Each topic is read once.
 */
final class StallTimeline {
    static final List<String> TOPICS = List.of(Topics.JOBS, Topics.OFFERS, Topics.CONTROL, Topics.PLACEMENTS,
            Topics.LAUNCHES, Topics.JOB_STATUS, Topics.TASK_STATUS);
    static final int MAX_LINES = 60;

    private record Line(long at, String topic, MesoflowEvent event) {
    }

    private final List<Line> lines = new ArrayList<>();

    StallTimeline(TestTopics topics) {
        for (String topic : TOPICS) {
            for (TestTopics.Timed record : topics.readAll(topic, Duration.ofSeconds(2))) {
                lines.add(new Line(record.timestamp(), topic, EventCodec.decode(record.value())));
            }
        }
        lines.sort(Comparator.comparingLong(Line::at));
    }

    /** Prints the {@code count} slowest jobs' timelines, given submit times and submit -> all RUNNING (ms). */
    void printSlowest(String run, Map<String, Long> submitted, Map<String, Long> running, int count) {
        running.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(count)
                .forEach(slow -> print(run, slow.getKey(), submitted.get(slow.getKey()), slow.getValue()));
    }

    private void print(String run, String jobId, long submittedAt, long took) {
        System.out.printf("%n-- %s: job %s, submit -> all RUNNING %d ms%n", run, jobId, took);
        int printed = 0;
        for (Line line : lines) {
            if (line.at() < submittedAt - 50 || line.at() > submittedAt + took + 20) {
                continue;
            }
            boolean own = jobId.equals(line.event().key());
            if (line.event() instanceof TaskStatusChanged && !own) {
                continue; // other jobs' task statuses: too many, and on another path
            }
            if (printed++ == MAX_LINES) {
                System.out.println("   ...");
                break;
            }
            System.out.printf("  %+6d ms  %-22s %s%s%n", line.at() - submittedAt, line.topic(),
                    own ? "" : "[" + line.event().key() + "] ", describe(line.event()));
        }
    }

    private static String describe(MesoflowEvent event) {
        if (event instanceof TaskStatusChanged s) {
            return "TaskStatusChanged " + s.taskName() + " " + s.state();
        }
        if (event instanceof JobStatusChanged s) {
            return "JobStatusChanged " + s.state() + (s.reason() == null ? "" : " (" + s.reason() + ")");
        }
        return event.getClass().getSimpleName();
    }
}
