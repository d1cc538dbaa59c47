package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderedRunsTest {
    final List<String> log = new CopyOnWriteArrayList<>();
    final OrderedRuns runs = new OrderedRuns("ordered-runs-test", 2);

    @AfterEach
    void close() {
        runs.close();
    }

    /** An item that logs its name when run ("x") or skipped ("-x"), and throws when {@code fails}. */
    OrderedRuns.Item item(String name, boolean fails) {
        return new OrderedRuns.Item() {
            @Override
            public void run() {
                if (fails) {
                    throw new IllegalStateException(name + " failed");
                }
                log.add(name);
            }

            @Override
            public void skipped() {
                log.add("-" + name);
            }
        };
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void itemsRunOneAtATimeInHandOverOrderOffTheHandersThread() {
        String hander = Thread.currentThread().getName();
        List<String> threads = new CopyOnWriteArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            runs.handOver(new OrderedRuns.Item() {
                @Override
                public void run() {
                    threads.add(Thread.currentThread().getName());
                    log.add(name);
                }

                @Override
                public void skipped() {
                    log.add("-" + name);
                }
            });
        }
        runs.drain();

        assertThat(log).containsExactly("a", "b", "c", "d", "e");
        assertThat(threads).containsOnly("ordered-runs-test").doesNotContain(hander);
        assertThat(runs.failure()).isNull();
    }

    @Test
    void handingOverBlocksWhileCapacityItemsAreQueuedOrRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OrderedRuns.Item blocked = new OrderedRuns.Item() {
            @Override
            public void run() {
                await(release);
                log.add("blocked");
            }

            @Override
            public void skipped() {
            }
        };
        runs.handOver(blocked);
        runs.handOver(item("second", false));
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> runs.handOver(item("third", false)));

        Thread.sleep(200);
        assertThat(third).isNotDone(); // capacity 2: one running, one queued
        release.countDown();
        third.get(10, TimeUnit.SECONDS);
        runs.drain();
        assertThat(log).containsExactly("blocked", "second", "third");
    }

    @Test
    void afterAFailureTheRestIsSkippedUntilTheFailureIsPickedUpThenItemsRunAgain() {
        CountDownLatch release = new CountDownLatch(1);
        runs.handOver(new OrderedRuns.Item() {
            @Override
            public void run() {
                await(release);
                throw new IllegalStateException("broker gone");
            }

            @Override
            public void skipped() {
                log.add("-first");
            }
        });
        runs.handOver(item("second", false));
        release.countDown();
        runs.drain();
        runs.handOver(item("third", false)); // handed over before the failure is picked up: skipped too

        RuntimeException failure = runs.failure();

        assertThat(failure).hasMessage("broker gone");
        assertThat(log).containsExactly("-first", "-second", "-third"); // every one done with before it returns
        assertThat(runs.failure()).isNull(); // reported once

        runs.handOver(item("fourth", false));
        runs.drain();
        assertThat(log).containsExactly("-first", "-second", "-third", "fourth");
    }
}
