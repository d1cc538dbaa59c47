package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CallWindowTest {
    final List<String> started = new ArrayList<>();
    final List<CompletableFuture<String>> answers = new ArrayList<>();

    CompletableFuture<String> call(String name) {
        started.add(name);
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    @Test
    void atMostTheLimitIsInFlightAndTheOthersStartInTurnAsAnswersCome() {
        CallWindow window = new CallWindow(2);
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
        CallWindow window = new CallWindow(1);

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
}
