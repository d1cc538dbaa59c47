package io.mesoflow.placement.core;

/**
 * The passes asked for and not yet started, as one flag: however many events ask while a pass runs,
 * one more pass follows it, and it sees all of them (a pass reads the whole queue and every held
 * offer). A request made after a pass started is never lost: that pass may have read the state from
 * before it. Thread safe.
 */
public final class PassRequests {
    private boolean wanted;
    private boolean closed;

    /** Asks for a pass after the caller's changes (already committed). */
    public synchronized void request() {
        wanted = true;
        notifyAll();
    }

    /**
     * Waits until a pass is wanted and takes the request: true when a pass should start now, false
     * once closed.
     */
    public synchronized boolean take() throws InterruptedException {
        while (!wanted && !closed) {
            wait();
        }
        return tryTake();
    }

    /** Takes a pending request without waiting: true when a pass should start now. */
    public synchronized boolean tryTake() {
        if (closed || !wanted) {
            return false;
        }
        wanted = false;
        return true;
    }

    /** No more passes: {@link #take} returns false from now on. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
