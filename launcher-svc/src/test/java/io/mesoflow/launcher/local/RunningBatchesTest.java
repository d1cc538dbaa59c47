package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.launcher.leader.FencedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningBatchesTest {
    final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() {
        threads.shutdownNow();
    }

    /** Logs every step ("record [a]", "report [a]", "reported a", "fenced [a]"); each hook may hold or fail a step. */
    static final class LoggedSteps implements RunningBatches.Steps<String> {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<List<String>> recorded = new CopyOnWriteArrayList<>();
        final Map<String, CompletableFuture<Void>> earlier = new ConcurrentHashMap<>();
        final AtomicInteger inProgress = new AtomicInteger();
        volatile boolean overlapped;
        volatile Predicate<List<String>> fence = batch -> false;
        volatile Runnable whileRecording = () -> {
        };

        @Override
        public void record(List<String> batch) {
            if (inProgress.incrementAndGet() > 1) {
                overlapped = true;
            }
            try {
                whileRecording.run();
                if (fence.test(batch)) {
                    throw new FencedException("no longer leads");
                }
                recorded.add(List.copyOf(batch));
                log.add("record " + batch);
            } finally {
                inProgress.decrementAndGet();
            }
        }

        @Override
        public void awaitEarlier(String task) {
            earlier.getOrDefault(task, CompletableFuture.completedFuture(null)).join();
        }

        @Override
        public void report(List<String> batch) {
            log.add("report " + batch);
        }

        @Override
        public void reported(String task) {
            log.add("reported " + task);
        }

        @Override
        public void fenced(List<String> batch, FencedException e) {
            log.add("fenced " + batch);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLoneTaskIsRecordedThenReportedThenHandedOnAtOnce() {
        LoggedSteps steps = new LoggedSteps();

        new RunningBatches<>(steps).started("a");

        assertThat(steps.log).containsExactly("record [a]", "report [a]", "reported a");
    }

    @Test
    void tasksThatStartWhileABatchIsRecordedAreRecordedAndReportedTogetherInTheNextBatch() throws Exception {
        LoggedSteps steps = new LoggedSteps();
        RunningBatches<String> batches = new RunningBatches<>(steps);
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        steps.whileRecording = () -> {
            if (recording.getCount() > 0) { // only the first batch is held
                recording.countDown();
                await(release);
            }
        };
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> batches.started("a"), threads);
        await(recording);
        List<CompletableFuture<?>> others = new ArrayList<>();
        for (String task : List.of("b", "c", "d", "e", "f")) {
            others.add(CompletableFuture.runAsync(() -> batches.started(task), threads));
        }
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS); // none waits
        assertThat(steps.log).isEmpty(); // "a" is still being recorded, and nothing else started a batch

        release.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(steps.recorded).hasSize(2);
        assertThat(steps.recorded.get(0)).containsExactly("a");
        assertThat(steps.recorded.get(1)).containsExactlyInAnyOrder("b", "c", "d", "e", "f");
        assertThat(steps.log.stream().filter(l -> l.startsWith("report ["))).hasSize(2);
        assertThat(steps.log.stream().filter(l -> l.startsWith("reported "))).hasSize(6);
    }

    @Test
    void aTaskIsReportedRunningOnlyOnceItsEarlierStatusesAreOut() throws Exception {
        LoggedSteps steps = new LoggedSteps();
        CompletableFuture<Void> staged = new CompletableFuture<>();
        steps.earlier.put("a", staged);
        CompletableFuture<?> started = CompletableFuture.runAsync(() -> new RunningBatches<>(steps).started("a"),
                threads);
        Thread.sleep(200);
        assertThat(steps.log).containsExactly("record [a]");

        staged.complete(null);
        started.get(10, TimeUnit.SECONDS);

        assertThat(steps.log).containsExactly("record [a]", "report [a]", "reported a");
    }

    @Test
    void aBatchThatCannotBeRecordedIsNeitherReportedNorHandedOnAndTheNextBatchGoesOn() {
        LoggedSteps steps = new LoggedSteps();
        RunningBatches<String> batches = new RunningBatches<>(steps);
        steps.fence = batch -> batch.contains("a");

        batches.started("a");
        batches.started("b");

        assertThat(steps.log).containsExactly("fenced [a]", "record [b]", "report [b]", "reported b");
    }

    @Test
    void aBatchThatFailsLeavesNoTaskQueuedBehindItAndItsFailureGoesToItsThread() throws Exception {
        LoggedSteps steps = new LoggedSteps();
        RunningBatches<String> batches = new RunningBatches<>(steps);
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        steps.whileRecording = () -> {
            if (recording.getCount() > 0) {
                recording.countDown();
                await(release);
                throw new IllegalStateException("the database said no");
            }
        };
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> batches.started("a"), threads);
        await(recording);
        CompletableFuture.runAsync(() -> batches.started("b"), threads).get(10, TimeUnit.SECONDS);

        release.countDown();

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the database said no");
        assertThat(steps.log).containsExactly("record [b]", "report [b]", "reported b");
    }

    @Test
    void everyTaskStartedFromManyThreadsIsReportedExactlyOnceAndBatchesNeverOverlap() throws Exception {
        LoggedSteps steps = new LoggedSteps();
        RunningBatches<String> batches = new RunningBatches<>(steps);
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String task = "t" + i;
            starts.add(CompletableFuture.runAsync(() -> batches.started(task), threads));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<String> reported = steps.log.stream().filter(l -> l.startsWith("reported ")).toList();
        assertThat(reported).hasSize(2_000);
        Set<String> distinct = new HashSet<>(reported);
        assertThat(distinct).hasSize(2_000);
        assertThat(steps.overlapped).isFalse();
        assertThat(steps.recorded.stream().mapToInt(List::size).sum()).isEqualTo(2_000);
    }
}
