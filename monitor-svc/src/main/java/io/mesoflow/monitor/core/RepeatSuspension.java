package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A suspend request for a job monitor has SUSPENDING or SUSPENDED. Pure.
 * <ul>
 *   <li>A user's request for a job being preempted or budget-suspended (SUSPENDING: its tasks have
 *       their notice), or preempted or budget-suspended (SUSPENDED: placement has put it back in the
 *       queue to resume by itself): the suspension becomes the user's and is said again, so the job
 *       waits for a user's resume ({@link #usersNow}).</li>
 *   <li>Placement's request naming a placed attempt above a task's fence: placement placed the job
 *       again (after re-queueing it, or after a user's resume) and suspends it again before its
 *       resumed run reported here (that would have resumed it). Those attempts are fenced too and
 *       SUSPENDED is said again with the new suspension, so placement frees what it placed and
 *       re-queues the job; an attempt placed then is killed if it starts, and the next placement's
 *       attempts resume the job.</li>
 *   <li>Anything else (a request read again after a crash, one placement made before it heard of
 *       a user's suspend) changes nothing.</li>
 * </ul>
 */
final class RepeatSuspension {
    private RepeatSuspension() {
    }

    static Optional<Outcome> decide(JobRecord job, JobSuspendRequested request, SuspendSettings settings) {
        SuspensionRecord current = job.suspension();
        if (!job.suspended() || current == null) {
            return Optional.empty();
        }
        if (!request.suspension().resumesByItself()) {
            return current.suspension().resumesByItself() ? Optional.of(usersNow(job, request)) : Optional.empty();
        }
        if (job.state() != JobState.SUSPENDED) {
            return Optional.empty();
        }
        Map<TaskName, Integer> fences = JobSuspender.fencingPlaced(job, current.fences(), request.placedAttempts());
        return fences.equals(current.fences()) ? Optional.empty()
                : Optional.of(placedAgain(job, request, fences, settings));
    }

    /**
     * A user suspends a job that is being, or was, preempted or budget-suspended: it now stays
     * suspended until a user resumes it. Nothing more is killed (a SUSPENDING job's tasks have their
     * notice and grace already, which stays); the suspension becomes the user's (the fences stay: an
     * attempt above them is still the resumed run) and the state is said again with it, so job-api
     * and placement agree (placement re-queues the job on SUSPENDED only for an automatic one).
     */
    private static Outcome usersNow(JobRecord job, JobSuspendRequested request) {
        Suspension asked = request.suspension();
        Suspension current = job.suspension().suspension();
        boolean stopping = job.state() == JobState.SUSPENDING;
        Suspension suspension = new Suspension(asked.cause(), asked.requestedBy(),
                stopping ? current.gracePeriodSeconds() : asked.gracePeriodSeconds(),
                current.gpuHoursSinceCheckpoint(), current.checkpointStep());
        SuspensionRecord record = new SuspensionRecord(suspension, SuspensionReasons.describe(suspension,
                request.reason()), job.suspension().fences());
        String was = stopping ? "; its tasks were already stopping (" + job.suspension().description() + ")"
                : "; it was waiting in the queue to resume";
        return new Outcome(job.withSuspension(record), List.of(new Action.ChangeJobState(job.state(),
                record.description() + was, suspension)));
    }

    private static Outcome placedAgain(JobRecord job, JobSuspendRequested request, Map<TaskName, Integer> fences,
                                       SuspendSettings settings) {
        Suspension suspension = JobSuspender.withGrace(job, request.suspension(), settings);
        SuspensionRecord record = new SuspensionRecord(suspension, SuspensionReasons.describe(suspension,
                request.reason()), fences);
        return new Outcome(job.withSuspension(record), List.of(new Action.ChangeJobState(JobState.SUSPENDED,
                record.description() + "; it was placed again and none of its tasks had started", suspension)));
    }
}
