package io.mesoflow.launcher.local;

import io.mesoflow.launcher.leader.FencedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The RUNNING of started tasks, recorded and reported in batches (a group commit): a started task is
 * queued, and whoever queues one while no batch is in progress takes every queued task as the next
 * batch and carries it out ({@link Steps}): one write records that they all run, then, once each
 * one's earlier statuses (its launch's STAGINGs) are out, one run of statuses reports them, then each
 * is handed on. Tasks that start meanwhile queue for the batch after. So the tasks of a launch that
 * start together cost one transaction and one wait for the broker, not one each, without a thread of
 * its own, and no task waits for a slower one beyond the batch in progress.
 *
 * <p>Each task is in exactly one batch and batches never overlap, so a task's RUNNING is reported
 * once, after it was recorded and after its earlier statuses. A batch whose write fails for good
 * ({@link FencedException}: this launcher stopped leading) reports none of its tasks and hands none
 * on (the next leader finds them in their sandboxes); the batches after it go on as before.
 */
final class RunningBatches<T> {

    /** What a batch does, in this order. */
    interface Steps<T> {
        /** Records that every task of the batch runs, in one write; throws {@link FencedException} when it cannot. */
        void record(List<T> batch);

        /** Returns once the task's earlier statuses are published. */
        void awaitEarlier(T task);

        /** Reports the batch RUNNING, in one run. */
        void report(List<T> batch);

        /** A task reported RUNNING: what follows it (readiness, its exit). */
        void reported(T task);

        /** The batch was not recorded (this launcher no longer leads): nothing of it is reported. */
        void fenced(List<T> batch, FencedException e);
    }

    private final Steps<T> steps;
    private final Queue<T> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inProgress = new AtomicBoolean();

    RunningBatches(Steps<T> steps) {
        this.steps = steps;
    }

    /**
     * Queues a started task; carries out batches on this thread while there are queued tasks and no
     * other thread does. The flag is dropped before the queue is looked at again, so a task queued
     * while a batch was in progress is never left behind: either the thread of that batch sees it on
     * its next look, or the task's own thread takes the flag. A batch that throws leaves the tasks
     * queued after it to the next batch; its exception is thrown once this thread is done.
     */
    void started(T task) {
        queued.add(task);
        RuntimeException failed = null;
        while (!queued.isEmpty() && inProgress.compareAndSet(false, true)) {
            try {
                List<T> batch = new ArrayList<>();
                for (T next = queued.poll(); next != null; next = queued.poll()) {
                    batch.add(next);
                }
                if (!batch.isEmpty()) {
                    carryOut(batch);
                }
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            } finally {
                inProgress.set(false);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void carryOut(List<T> batch) {
        try {
            steps.record(batch);
        } catch (FencedException e) {
            steps.fenced(batch, e);
            return;
        }
        batch.forEach(steps::awaitEarlier);
        steps.report(batch);
        batch.forEach(steps::reported);
    }
}
