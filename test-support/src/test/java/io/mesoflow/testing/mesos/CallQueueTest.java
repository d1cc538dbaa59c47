package io.mesoflow.testing.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallQueueTest {
    final List<String> done = new CopyOnWriteArrayList<>();

    @Test
    void callsAreCarriedOutOneAtATimeInTheOrderQueuedAndOneThatThrowsStopsNone() throws Exception {
        try (CallQueue queue = new CallQueue()) {
            CountDownLatch release = new CountDownLatch(1);
            queue.submit("first", () -> {
                await(release);
                done.add("first");
            });
            queue.submit("bad", () -> {
                throw new IllegalStateException("boom");
            });
            queue.submit("second", () -> done.add("second"));
            assertThat(done).isEmpty(); // submitting never waits for the work

            release.countDown();

            assertThat(queue.call(() -> done.add("subscribe"))).isTrue(); // waits for every call queued before it
            assertThat(done).containsExactly("first", "second", "subscribe");
        }
    }

    @Test
    void aCallsFailureReachesItsCallerAndAClosedQueueRunsNothing() {
        CallQueue queue = new CallQueue();
        assertThatThrownBy(() -> queue.call(() -> {
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");

        queue.close();

        queue.submit("late", () -> done.add("late"));
        assertThatThrownBy(() -> queue.call(() -> "x")).isInstanceOf(IllegalStateException.class);
        assertThat(done).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
