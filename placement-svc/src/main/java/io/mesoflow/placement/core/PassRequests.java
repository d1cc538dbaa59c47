package io.mesoflow.placement.core;

/**
 * The passes asked for and not yet started, as one flag, and whether a pass runs now: however many
 * events ask while a pass runs, one more pass follows it, and it sees all of them (a pass reads the
 * whole queue and every held offer). A request made after a pass started is never lost: that pass may
 * have read the state from before it. One pass at a time: the pass thread's ({@link #take}) or one run
 * by the event that asked for it, in its own transaction, when nothing else runs or waits
 * ({@link #startInline}); the other waits for {@link #passEnded}. Thread safe.
 */
public final class PassRequests {
    private boolean wanted;
    private boolean running;
    private boolean closed;

    /** Asks for a pass after the caller's changes (already committed). */
    public synchronized void request() {
        wanted = true;
        notifyAll();
    }

    /**
     * Waits until a pass is wanted and none runs, and takes the request: true when a pass should start
     * now (it runs until {@link #passEnded}), false once closed.
     */
    public synchronized boolean take() throws InterruptedException {
        while ((!wanted || running) && !closed) {
            wait();
        }
        if (!tryTake()) {
            return false;
        }
        running = true;
        return true;
    }

    /** Takes a pending request without waiting: true when a pass should start now. */
    public synchronized boolean tryTake() {
        if (closed || !wanted) {
            return false;
        }
        wanted = false;
        return true;
    }

    /**
     * True when the caller may run a pass itself, now, because no pass runs and none is waiting to
     * (it then runs until {@link #passEnded}); false when it should {@link #request} one instead.
     */
    public synchronized boolean startInline() {
        if (closed || wanted || running) {
            return false;
        }
        running = true;
        return true;
    }

    /** The pass started by {@link #take} or {@link #startInline} ended (whether it succeeded or not). */
    public synchronized void passEnded() {
        running = false;
        notifyAll();
    }

    /** No more passes: {@link #take} returns false from now on. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
