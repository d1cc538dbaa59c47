package io.mesoflow.testing.mesos;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The master's one thread for scheduler calls: each call's work is carried out after it was
 * answered, one call at a time, in the order the calls were answered. Why: a real master is one
 * actor that takes calls in the order they come, and its HTTP answer (202) never waits for another
 * call's work; before, every HTTP thread waited for the master's lock before it could answer, and
 * held its connection meanwhile.
 *
 * <p>Guarantees: first answered, first carried out (so a call answered after another on any
 * connection sees that one's effects, e.g. a KILL after the ACCEPT that launched its task); a call
 * whose work throws is reported on stderr and the next one runs; after {@link #close} nothing more
 * runs.
 */
final class CallQueue implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mesos-sim-master");
        t.setDaemon(true);
        return t;
    });

    /** Carries {@code work} out after every call queued before it. */
    void submit(String what, Runnable work) {
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    System.err.println("mesos-sim: carrying out " + what + " failed: " + e);
                    e.printStackTrace();
                }
            });
        } catch (RejectedExecutionException closed) {
            // the master is closed: calls are answered but no longer carried out
        }
    }

    /** Carries {@code work} out after every call queued before it and waits for its result (SUBSCRIBE). */
    <T> T call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get();
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the master is closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
