package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A suspend request for a job that is SUSPENDED to resume by itself (preempted or budget-suspended):
 * placement has put it back in the queue, and may already have placed it again. Pure.
 * <ul>
 *   <li>A user's request: the job now waits for a user's resume ({@link #keepSuspended}).</li>
 *   <li>A request of placement's made after the one that suspended the job: placement suspends only
 *       jobs it placed, so it placed this one again, and its resumed run has not reported here yet
 *       (that would have resumed it). The attempts placed again are fenced too (one above each fence,
 *       as placement numbers them: {@code ResumedAttempts}) and SUSPENDED is said again, so placement
 *       frees what it placed and re-queues the job; those attempts are killed if they start.</li>
 *   <li>Anything else (a request read again after a crash) changes nothing.</li>
 * </ul>
 */
final class RepeatSuspension {
    private RepeatSuspension() {
    }

    static Optional<Outcome> decide(JobRecord job, JobSuspendRequested request, SuspendSettings settings) {
        SuspensionRecord current = job.suspension();
        if (job.state() != JobState.SUSPENDED || current == null || !current.suspension().resumesByItself()) {
            return Optional.empty();
        }
        if (!request.suspension().resumesByItself()) {
            return Optional.of(keepSuspended(job, request));
        }
        Instant asked = requestedAt(request);
        if (current.requestedAt() != null && asked.isAfter(current.requestedAt())) {
            return Optional.of(placedAgain(job, request, asked, settings));
        }
        return Optional.empty();
    }

    /** When {@code request} was made, as the database keeps it (microseconds), so one read again compares equal. */
    static Instant requestedAt(JobSuspendRequested request) {
        return request.requestedAt().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A user suspends a job placement has put back in the queue to resume by itself: it now stays
     * suspended until a user resumes it. Nothing runs, so nothing is killed; the suspension becomes
     * the user's (the fences stay: an attempt above them is still the resumed run) and SUSPENDED is
     * said again with it, so job-api and placement agree.
     */
    private static Outcome keepSuspended(JobRecord job, JobSuspendRequested request) {
        Suspension asked = request.suspension();
        SuspensionRecord current = job.suspension();
        Suspension suspension = new Suspension(asked.cause(), asked.requestedBy(), asked.gracePeriodSeconds(),
                current.suspension().gpuHoursSinceCheckpoint(), current.suspension().checkpointStep());
        SuspensionRecord record = new SuspensionRecord(suspension, SuspensionReasons.describe(suspension,
                request.reason()), current.fences(), requestedAt(request));
        return new Outcome(job.withSuspension(record), List.of(new Action.ChangeJobState(JobState.SUSPENDED,
                record.description() + "; it was waiting in the queue to resume", suspension)));
    }

    private static Outcome placedAgain(JobRecord job, JobSuspendRequested request, Instant asked,
                                       SuspendSettings settings) {
        Map<TaskName, Integer> fences = new LinkedHashMap<>();
        job.tasks().keySet().forEach(name -> fences.put(name, job.suspension().fence(name) + 1));
        Suspension suspension = JobSuspender.withGrace(job, request.suspension(), settings);
        SuspensionRecord record = new SuspensionRecord(suspension, SuspensionReasons.describe(suspension,
                request.reason()), fences, asked);
        return new Outcome(job.withSuspension(record), List.of(new Action.ChangeJobState(JobState.SUSPENDED,
                record.description() + "; it was placed again and none of its tasks had started", suspension)));
    }
}
