package io.mesoflow.launcher.mesos;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code limit} calls to the master in flight; the others wait their turn and are sent,
 * first come first sent, as earlier ones are answered. Why: over HTTP/1.1 every call in flight
 * holds a connection of its own, so a burst of ACCEPTs and acknowledgements would open one
 * connection per call; a window keeps a few kept-alive connections busy instead. Never blocks
 * the caller; a call's future completes as the call's own does.
 */
final class CallWindow {
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    CallWindow(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a window of " + limit + " calls sends nothing");
        }
        this.limit = limit;
    }

    /** Starts {@code call} now if the window has room, else once it has; what the call answers. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> sent;
            try {
                sent = call.get();
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((value, error) -> {
                finished();
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(value);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return answer;
    }

    /** Calls in flight now (for tests). */
    synchronized int inFlight() {
        return inFlight;
    }

    /** A call was answered: its slot goes to the oldest waiting call, if any. */
    private void finished() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
