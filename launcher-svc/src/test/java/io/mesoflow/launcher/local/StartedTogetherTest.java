package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.launcher.leader.FencedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartedTogetherTest {
    final ExecutorService threads = Executors.newFixedThreadPool(8);
    final LoggedSteps steps = new LoggedSteps();

    @AfterEach
    void close() {
        threads.shutdownNow();
    }

    /** Logs every step ("record [a, b]", "report [a, b]", "reported a", "fenced [a]"). */
    static final class LoggedSteps implements StartedTogether.Steps<String> {
        final List<String> log = new CopyOnWriteArrayList<>();
        final Map<String, CompletableFuture<Void>> earlier = new ConcurrentHashMap<>();
        volatile boolean fence;

        @Override
        public void record(List<String> started) {
            if (fence) {
                throw new FencedException("no longer leads");
            }
            log.add("record " + started);
        }

        @Override
        public void awaitEarlier(String task) {
            earlier.getOrDefault(task, CompletableFuture.completedFuture(null)).join();
        }

        @Override
        public void report(List<String> started) {
            log.add("report " + started);
        }

        @Override
        public void reported(String task) {
            log.add("reported " + task);
        }

        @Override
        public void fenced(List<String> started, FencedException e) {
            log.add("fenced " + started);
        }
    }

    @Test
    void nothingIsRecordedOrReportedUntilTheLastTaskOfTheLaunchHasStarted() {
        StartedTogether<String> together = new StartedTogether<>(3, steps);

        together.started("a");
        together.started("b");
        assertThat(steps.log).isEmpty();

        together.started("c");
        assertThat(steps.log).containsExactly("record [a, b, c]", "report [a, b, c]", "reported a", "reported b",
                "reported c");
    }

    @Test
    void aGangStartedOnManyThreadsIsRecordedInOneWriteAndReportedInOneRun() throws Exception {
        StartedTogether<String> together = new StartedTogether<>(6, steps);
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (String task : List.of("chief-0", "ps-0", "ps-1", "worker-0", "worker-1", "worker-2")) {
            starts.add(CompletableFuture.runAsync(() -> together.started(task), threads));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(steps.log.stream().filter(l -> l.startsWith("record "))).hasSize(1);
        assertThat(steps.log.stream().filter(l -> l.startsWith("report "))).hasSize(1);
        assertThat(steps.log.stream().filter(l -> l.startsWith("reported "))).containsExactlyInAnyOrder(
                "reported chief-0", "reported ps-0", "reported ps-1", "reported worker-0", "reported worker-1",
                "reported worker-2");
    }

    @Test
    void tasksThatDidNotStartAreLeftOutAndTheLastArrivalStillReportsTheOthers() {
        StartedTogether<String> together = new StartedTogether<>(3, steps);

        together.started("a");
        together.notStarted();
        together.notStarted();

        assertThat(steps.log).containsExactly("record [a]", "report [a]", "reported a");
    }

    @Test
    void aLaunchOfWhichNothingStartedRecordsAndReportsNothing() {
        StartedTogether<String> together = new StartedTogether<>(2, steps);

        together.notStarted();
        together.notStarted();

        assertThat(steps.log).isEmpty();
    }

    @Test
    void theStartedTasksAreReportedOnlyOnceTheirEarlierStatusesAreOut() throws Exception {
        CompletableFuture<Void> staged = new CompletableFuture<>();
        steps.earlier.put("a", staged);
        StartedTogether<String> together = new StartedTogether<>(1, steps);
        CompletableFuture<?> last = CompletableFuture.runAsync(() -> together.started("a"), threads);
        Thread.sleep(200);
        assertThat(steps.log).containsExactly("record [a]");

        staged.complete(null);
        last.get(10, TimeUnit.SECONDS);

        assertThat(steps.log).containsExactly("record [a]", "report [a]", "reported a");
    }

    @Test
    void startedTasksThatCannotBeRecordedAreNeitherReportedNorHandedOn() {
        steps.fence = true;
        StartedTogether<String> together = new StartedTogether<>(2, steps);

        together.started("a");
        together.started("b");

        assertThat(steps.log).containsExactly("fenced [a, b]");
    }

    @Test
    void moreArrivalsThanTheLaunchHasTasksAreRefused() {
        StartedTogether<String> together = new StartedTogether<>(1, steps);
        together.started("a");

        assertThatThrownBy(() -> together.started("b")).isInstanceOf(IllegalStateException.class);
        assertThat(steps.log.stream().filter(l -> l.startsWith("record "))).hasSize(1);
    }
}
