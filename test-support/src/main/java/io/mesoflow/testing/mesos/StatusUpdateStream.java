package io.mesoflow.testing.mesos;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * An agent's status update manager: per task, updates go to the master one at a time, in order.
 * Guarantees: the update at the head of a task's queue is resent until acknowledged, first after
 * {@code ackRetry} and then after twice the previous wait (at most 10 min); the task's next update
 * is held until then (why: a real agent does exactly this, so a framework that does not
 * acknowledge sees duplicates and no progress). Forwarding happens on the scheduler's thread,
 * never while this object's lock is held.
 */
final class StatusUpdateStream {
    /** Where updates go: the one sent, and the task's latest state (newer when later updates are held). */
    interface Sink {
        void forward(TaskStatus sent, TaskStatus latest);
    }

    private static final long MAX_RETRY_MS = 600_000;
    private final Map<String, ArrayDeque<TaskStatus>> queues = new HashMap<>();
    private final Map<String, TaskStatus> latest = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> retries = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Supplier<Duration> ackRetry;
    private final Sink sink;
    private boolean closed;

    StatusUpdateStream(ScheduledExecutorService scheduler, Supplier<Duration> ackRetry, Sink sink) {
        this.scheduler = scheduler;
        this.ackRetry = ackRetry;
        this.sink = sink;
    }

    synchronized void add(TaskStatus status) {
        if (closed) {
            return;
        }
        String task = status.getTaskId().getValue();
        latest.put(task, status);
        ArrayDeque<TaskStatus> queue = queues.computeIfAbsent(task, t -> new ArrayDeque<>());
        queue.add(status);
        if (queue.size() == 1) {
            send(task, status, ackRetry.get().toMillis());
        }
    }

    /** Whether {@code uuid} acknowledged the task's head update (then the next one, if any, is sent). */
    synchronized boolean acknowledge(String task, ByteString uuid) {
        ArrayDeque<TaskStatus> queue = queues.get(task);
        if (closed || queue == null || queue.isEmpty() || !queue.peek().getUuid().equals(uuid)) {
            return false;
        }
        queue.poll();
        ScheduledFuture<?> retry = retries.remove(task);
        if (retry != null) {
            retry.cancel(false);
        }
        if (queue.isEmpty()) {
            queues.remove(task);
        } else {
            send(task, queue.peek(), ackRetry.get().toMillis());
        }
        return true;
    }

    /** Whether the task has updates not yet acknowledged. */
    synchronized boolean pending(String task) {
        return queues.containsKey(task);
    }

    synchronized void close() {
        closed = true;
        retries.values().forEach(f -> f.cancel(false));
        retries.clear();
        queues.clear();
    }

    private void send(String task, TaskStatus status, long waitMs) {
        scheduler.execute(() -> forward(task, status));
        retries.put(task, scheduler.schedule(() -> resend(task, status, waitMs), waitMs, TimeUnit.MILLISECONDS));
    }

    private void forward(String task, TaskStatus status) {
        TaskStatus newest;
        synchronized (this) {
            if (closed) {
                return;
            }
            newest = latest.getOrDefault(task, status);
        }
        sink.forward(status, newest);
    }

    private synchronized void resend(String task, TaskStatus status, long waitedMs) {
        ArrayDeque<TaskStatus> queue = queues.get(task);
        if (!closed && queue != null && queue.peek() == status) {
            send(task, status, Math.min(waitedMs * 2, MAX_RETRY_MS));
        }
    }
}
