package io.mesoflow.launcher.local;

import io.mesoflow.launcher.leader.FencedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of one launch on their way to RUNNING: each starts on its own starter thread and says
 * when it started ({@link #started}) or did not ({@link #notStarted}); the thread of the last one
 * carries out what follows for all that started ({@link Steps}): one write records that they run,
 * then, once each one's earlier statuses (the launch's STAGINGs) are out, one run of statuses reports
 * them, then each is handed on. So a gang that starts together costs one transaction and one wait
 * for the broker, not one of each per task (six at once on a small host), and no started task waits
 * for anything but the launch's other starts.
 *
 * <p>Each started task is reported once, after it was recorded and after its earlier statuses. When
 * the write fails for good ({@link FencedException}: this launcher stopped leading) none is reported
 * or handed on; the next leader finds them in their sandboxes.
 */
final class StartedTogether<T> {

    /** What follows the launch's starts, in this order. */
    interface Steps<T> {
        /** Records that every started task runs, in one write; throws {@link FencedException} when it cannot. */
        void record(List<T> started);

        /** Returns once the task's earlier statuses are published. */
        void awaitEarlier(T task);

        /** Reports the started tasks RUNNING, in one run. */
        void report(List<T> started);

        /** A task reported RUNNING: what follows it (readiness, its exit). */
        void reported(T task);

        /** The started tasks could not be recorded (this launcher no longer leads): none is reported. */
        void fenced(List<T> started, FencedException e);
    }

    private final Steps<T> steps;
    private final List<T> started = new ArrayList<>();
    private int pending;

    /** The starts of {@code tasks} tasks, each of which must end in {@link #started} or {@link #notStarted}. */
    StartedTogether(int tasks, Steps<T> steps) {
        if (tasks < 1) {
            throw new IllegalArgumentException("a launch starts at least one task");
        }
        this.pending = tasks;
        this.steps = steps;
    }

    /** A task's process started; the last of the launch's starts records and reports them all. */
    void started(T task) {
        arrived(task);
    }

    /** A task did not start (it failed, was killed first, or this launcher stopped leading): nothing to report. */
    void notStarted() {
        arrived(null);
    }

    private void arrived(T task) {
        List<T> all;
        synchronized (this) {
            if (pending == 0) {
                throw new IllegalStateException("more starts than the launch's tasks");
            }
            if (task != null) {
                started.add(task);
            }
            if (--pending > 0) {
                return;
            }
            all = List.copyOf(started);
        }
        if (!all.isEmpty()) {
            carryOut(all);
        }
    }

    private void carryOut(List<T> all) {
        try {
            steps.record(all);
        } catch (FencedException e) {
            steps.fenced(all, e);
            return;
        }
        all.forEach(steps::awaitEarlier);
        steps.report(all);
        all.forEach(steps::reported);
    }
}
