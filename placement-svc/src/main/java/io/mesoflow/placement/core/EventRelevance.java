package io.mesoflow.placement.core;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.GpuBudgetWarning;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.ReviveOffersRequested;
import io.mesoflow.events.SuppressOffersRequested;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;

/**
 * Whether an event on one of placement's topics can change placement's state. Most records placement
 * reads cannot: its own declines, suppresses and revives and monitor's kills come back on
 * {@code control}, every job state but an end or a suspension and every task state but an end or a
 * GPU attempt's start on the status topics, progress without a checkpoint. Those are acknowledged
 * without a transaction and without the pass lock; the state they would have left untouched is the
 * same. Anything not named here counts (a new event type is recorded until someone decides
 * otherwise). Of those that count, most take the pass lock ({@link #needsPassLock}). Kept in step with
 * {@code PlacementState.record}.
 */
public final class EventRelevance {
    private EventRelevance() {
    }

    public static boolean matters(MesoflowEvent event) {
        if (event instanceof KillTaskRequested || event instanceof DeclineOfferRequested
                || event instanceof SuppressOffersRequested || event instanceof ReviveOffersRequested
                || event instanceof TaskUsageRecorded || event instanceof GpuBudgetWarning) {
            return false;
        }
        if (event instanceof JobProgress progress) {
            return progress.checkpointAt() != null;
        }
        if (event instanceof JobStatusChanged status) {
            return status.state() == JobState.SUSPENDED || status.state().isTerminal();
        }
        if (event instanceof TaskStatusChanged status) {
            return status.state().isTerminal() || (status.state() == TaskState.RUNNING && status.resources() != null
                    && status.resources().gpus() > 0);
        }
        return true;
    }

    /**
     * Whether recording {@code event} takes the pass lock. Not a submission, a task status nor an
     * offer, the records that come with every job: recording them only inserts rows a pass cannot
     * see until they commit (a job, a GPU interval, a held offer, an agent's size, which only grows)
     * or ends a task with one conditional UPDATE, and each asks for a pass after it committed. A pass
     * running meanwhile misses them or sees the task still hold its resources, as if the event came
     * a moment later. Every other event changes rows a pass rewrites (a job's status, a relaunch's,
     * an offer's) and takes the lock first, so the two never overwrite each other. An event that does
     * not {@link #matters matter} is not recorded and takes nothing.
     */
    public static boolean needsPassLock(MesoflowEvent event) {
        return matters(event) && !(event instanceof io.mesoflow.events.JobSubmitted
                || event instanceof TaskStatusChanged || event instanceof io.mesoflow.events.OfferMade);
    }
}
