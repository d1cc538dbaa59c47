package io.mesoflow.launcher.mesos;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * Work carried out on one thread of its own, in the order it was handed over: the event stream's
 * runs of status updates, published and then acknowledged there while the stream's thread reads and
 * records the next run ({@link StatusUpdates}).
 *
 * <p>Guarantees: items run one at a time, in hand-over order. At most {@code capacity} items wait or
 * run; handing over one more blocks until one is done (so the stream reads no further ahead than the
 * publishing follows). Once an item throws, it and every item after it are skipped ({@link
 * Item#skipped}) until the hander picks the failure up with {@link #failure}, which returns only
 * after every item handed over before it has run or been skipped, so the hander starts afresh with
 * nothing of the failed stretch left behind.
 */
final class OrderedRuns implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OrderedRuns.class);

    /** One item of work. */
    interface Item {
        /** Carries the item out, on the runs' thread. */
        void run();

        /** Not carried out (or only in part) because it or an earlier item failed; must not throw. */
        void skipped();
    }

    private final ExecutorService thread;
    private final Semaphore room;
    private volatile RuntimeException failed;

    OrderedRuns(String threadName, int capacity) {
        this.room = new Semaphore(capacity);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code item} after every item handed over before it; blocks while {@code capacity} are queued. */
    void handOver(Item item) {
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            item.skipped();
            throw new IllegalStateException("interrupted while handing over a run", e);
        }
        try {
            thread.execute(() -> carryOut(item));
        } catch (RejectedExecutionException e) {
            room.release();
            item.skipped();
            throw new IllegalStateException("closed", e);
        }
    }

    private void carryOut(Item item) {
        try {
            if (failed != null) {
                item.skipped();
            } else {
                item.run();
            }
        } catch (RuntimeException | Error e) { // an Error too: its updates must not stay pending for ever
            LOG.warnf("a run failed, it and every run after it are skipped: %s", e.toString());
            failed = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            item.skipped();
        } finally {
            room.release();
        }
    }

    /** Waits until every item handed over so far has run or been skipped. */
    void drain() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> done.complete(null));
        } catch (RejectedExecutionException e) {
            return; // closed: nothing runs any more
        }
        done.join();
    }

    /**
     * The failure of an item since the last call, or null: when there is one, returned once every
     * item handed over so far has run or been skipped, and cleared (items handed over later run).
     * For the one thread that hands items over.
     */
    RuntimeException failure() {
        if (failed == null) {
            return null;
        }
        drain();
        RuntimeException e = failed;
        failed = null;
        return e;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
