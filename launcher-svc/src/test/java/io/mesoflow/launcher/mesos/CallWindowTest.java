package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallWindowTest {
    static final Duration LONG = Duration.ofMinutes(5);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<CompletableFuture<String>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();

    CompletableFuture<String> call(String name) {
        started.add(name);
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    @Test
    void atMostTheLimitIsInFlightAndTheOthersStartInTurnAsAnswersCome() {
        CallWindow window = new CallWindow(2, LONG, timer);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            results.add(window.submit(() -> call(name)));
        }
        assertThat(started).containsExactly("a", "b");
        assertThat(window.inFlight()).isEqualTo(2);

        answers.get(1).complete("B");
        assertThat(started).containsExactly("a", "b", "c"); // first come, first sent
        assertThat(results.get(1)).isCompletedWithValue("B");

        answers.get(0).completeExceptionally(new IllegalStateException("refused"));
        answers.get(2).complete("C");
        assertThat(started).containsExactly("a", "b", "c", "d");
        assertThat(results.get(0)).isCompletedExceptionally(); // a failed call frees its slot too

        answers.get(3).complete("D");
        assertThat(results).allMatch(CompletableFuture::isDone);
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aCallThatThrowsWhenStartedFailsItsFutureAndFreesItsSlot() {
        CallWindow window = new CallWindow(1, LONG, timer);

        CompletableFuture<String> thrown = window.submit(() -> {
            throw new IllegalArgumentException("bad request");
        });
        CompletableFuture<String> next = window.submit(() -> call("next"));

        assertThat(thrown).isCompletedExceptionally();
        assertThat(started).containsExactly("next");
        answers.get(0).complete("ok");
        assertThat(next).isCompletedWithValue("ok");
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aHungCallTimesOutFreesItsSlotAndTheNextCallIsSent() throws Exception {
        CallWindow window = new CallWindow(1, Duration.ofMillis(100), timer);

        CompletableFuture<String> hung = window.submit(() -> call("hung")); // never answered
        CompletableFuture<String> next = window.submit(() -> call("next"));
        assertThat(started).containsExactly("hung");

        assertThat(catchCause(hung)).isInstanceOf(CallWindow.TimedOut.class)
                .isInstanceOf(java.net.http.HttpTimeoutException.class); // fails as a failed call does, an IOException
        awaitStarted("next");
        assertThat(answers.get(0)).isCancelled(); // the HTTP exchange is aborted
        answers.get(1).complete("N");
        assertThat(next).isCompletedWithValue("N");
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void anAnswerAfterTheTimeoutIsIgnoredAndGivesUpNoSecondSlot() throws Exception {
        CallWindow window = new CallWindow(2, Duration.ofMillis(50), timer);
        List<CompletableFuture<String>> late = new ArrayList<>();
        CompletableFuture<String> hung = window.submit(() -> {
            started.add("hung");
            CompletableFuture<String> answer = new CompletableFuture<>(); // not cancellable: answers anyway
            late.add(answer);
            return answer.thenApply(a -> a);
        });
        catchCause(hung);
        CompletableFuture<String> a = window.submit(() -> call("a"));
        CompletableFuture<String> b = window.submit(() -> call("b"));
        CompletableFuture<String> c = window.submit(() -> call("c"));

        late.get(0).complete("too late");

        assertThat(hung).isCompletedExceptionally();
        assertThat(started).containsExactly("hung", "a", "b"); // still two in flight, not three
        assertThat(window.inFlight()).isEqualTo(2);
        answers.get(0).complete("A");
        assertThat(started).containsExactly("hung", "a", "b", "c");
        assertThat(a).isCompletedWithValue("A");
        assertThat(b).isNotDone();
        assertThat(c).isNotDone();
    }

    @Test
    void anAnsweredCallIsNotTimedOutLater() throws Exception {
        CallWindow window = new CallWindow(1, Duration.ofMillis(50), timer);
        CompletableFuture<String> answered = window.submit(() -> call("a"));
        answers.get(0).complete("A");

        Thread.sleep(150);

        assertThat(answered).isCompletedWithValue("A");
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aCallBeyondTheWaitingBoundFailsAtOnceAndIsNeverSent() {
        CallWindow window = new CallWindow(1, 2, LONG, timer);
        window.submit(() -> call("a"));
        CompletableFuture<String> b = window.submit(() -> call("b"));
        CompletableFuture<String> c = window.submit(() -> call("c"));

        CompletableFuture<String> d = window.submit(() -> call("d"));

        assertThat(d).isCompletedExceptionally();
        assertThat(catchCause(d)).isInstanceOf(CallWindow.Full.class);
        assertThat(window.waiting()).isEqualTo(2);
        answers.get(0).complete("A");
        answers.get(1).complete("B");
        answers.get(2).complete("C");
        assertThat(started).containsExactly("a", "b", "c"); // d never sent
        assertThat(b).isCompletedWithValue("B");
        assertThat(c).isCompletedWithValue("C");
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private void awaitStarted(String name) throws InterruptedException {
        for (int i = 0; i < 200 && !started.contains(name); i++) {
            Thread.sleep(10);
        }
        assertThat(started).contains(name);
    }

    private static Throwable catchCause(CompletableFuture<?> call) {
        try {
            call.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the call did not fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not end", e);
        }
    }
}
