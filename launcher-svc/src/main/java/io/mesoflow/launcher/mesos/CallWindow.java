package io.mesoflow.launcher.mesos;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * At most {@code limit} calls to the master in flight; the others wait their turn and are sent,
 * first come first sent, as earlier ones are answered. Why: over HTTP/1.1 every call in flight
 * holds a connection of its own, so a burst of ACCEPTs and acknowledgements would open one
 * connection per call; a window keeps a few kept-alive connections busy instead. Never blocks
 * the caller; a call's future completes as the call's own does.
 *
 * <p>Guarantees: a call unanswered {@code timeout} after it was sent fails with {@link TimedOut}
 * (its own future is cancelled, which aborts the HTTP exchange) and frees its slot, so a hung
 * connection to the master holds a slot for at most {@code timeout} and never blocks the calls after
 * it; an answer that comes after that is ignored. At most {@code maxWaiting} calls wait: one more
 * fails at once with {@link Full} and is never sent.
 */
final class CallWindow {
    /** A call the master did not answer in time: it may or may not have been taken. */
    static final class TimedOut extends HttpTimeoutException {
        TimedOut(String message) {
            super(message);
        }
    }

    /** A call not sent because {@code maxWaiting} calls were already waiting. */
    static final class Full extends IOException {
        Full(String message) {
            super(message);
        }
    }

    private final int limit;
    private final int maxWaiting;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    /** Calls waiting without bound (today's callers of {@code sendChecked} await their calls). */
    CallWindow(int limit, Duration timeout, ScheduledExecutorService timer) {
        this(limit, Integer.MAX_VALUE, timeout, timer);
    }

    CallWindow(int limit, int maxWaiting, Duration timeout, ScheduledExecutorService timer) {
        if (limit < 1) {
            throw new IllegalArgumentException("a window of " + limit + " calls sends nothing");
        }
        if (maxWaiting < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a window needs a positive timeout and a queue of 0 or more");
        }
        this.limit = limit;
        this.maxWaiting = maxWaiting;
        this.timeout = timeout;
        this.timer = timer;
    }

    /** Starts {@code call} now if the window has room, else once it has; what the call answers. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable start = () -> start(call, answer);
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else if (waiting.size() >= maxWaiting) {
                return CompletableFuture.failedFuture(new Full(waiting.size() + " calls wait already"));
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return answer;
    }

    /** Sends the call in a slot taken for it; the slot is given up once, by its answer or its timeout. */
    private <T> void start(Supplier<CompletableFuture<T>> call, CompletableFuture<T> answer) {
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<T> sent;
        try {
            sent = call.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> inFlightCall = sent;
        ScheduledFuture<?> deadline = null;
        try {
            deadline = sent.isDone() ? null : timer.schedule(() -> {
                if (done.compareAndSet(false, true)) {
                    inFlightCall.cancel(true); // the HTTP client aborts the exchange (and its connection)
                    finished();
                    answer.completeExceptionally(new TimedOut("no answer from the master within " + timeout));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the connection is closed: its calls end with their HTTP client
        }
        ScheduledFuture<?> set = deadline;
        sent.whenComplete((value, error) -> {
            if (!done.compareAndSet(false, true)) {
                return; // timed out already: its slot is given up and its future failed
            }
            if (set != null) {
                set.cancel(false);
            }
            finished();
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        });
    }

    /** Calls in flight now (for tests). */
    synchronized int inFlight() {
        return inFlight;
    }

    /** Calls waiting for a slot now (for tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** A call was answered or timed out: its slot goes to the oldest waiting call, if any. */
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
