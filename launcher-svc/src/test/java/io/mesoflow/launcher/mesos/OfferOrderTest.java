package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OfferOrderTest {
    record Call(String name, List<String> offers) {
    }

    final List<String> sent = new ArrayList<>();
    final Map<String, CompletableFuture<Void>> answers = new LinkedHashMap<>();

    CompletableFuture<Void> send(Call call) {
        sent.add(call.name());
        CompletableFuture<Void> answer = new CompletableFuture<>();
        answers.put(call.name(), answer);
        return answer;
    }

    final OfferOrder order = new OfferOrder();

    List<CompletableFuture<Void>> send(Call... calls) {
        return order.send(List.of(calls), Call::offers, this::send);
    }

    @Test
    void callsOnDifferentOffersAreSentAtOnce() {
        send(new Call("a", List.of("o1")), new Call("b", List.of("o2", "o3")), new Call("c", List.of("o4")));

        assertThat(sent).containsExactly("a", "b", "c");
    }

    @Test
    void aCallNamingAnOfferOfAnEarlierOneWaitsForItsAnswerWhateverItWas() {
        List<CompletableFuture<Void>> futures = send(new Call("first", List.of("o1")), new Call("other", List.of("o2")),
                new Call("second", List.of("o1", "o2")), new Call("third", List.of("o1")));

        assertThat(sent).containsExactly("first", "other");
        answers.get("first").completeExceptionally(new IllegalStateException("HTTP 400"));
        assertThat(sent).containsExactly("first", "other"); // still waits for "other" (o2)
        answers.get("other").complete(null);
        assertThat(sent).containsExactly("first", "other", "second");
        answers.get("second").complete(null);
        assertThat(sent).containsExactly("first", "other", "second", "third");
        answers.get("third").complete(null);

        assertThat(futures.get(0)).isCompletedExceptionally();
        assertThat(futures.subList(1, 4)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void aLaterBatchWaitsForAnUnansweredCallOnItsOfferAndAnsweredOnesAreForgotten() {
        send(new Call("first", List.of("o1")), new Call("other", List.of("o2")));
        answers.get("other").complete(null);
        assertThat(order.pending()).isEqualTo(1); // o2 forgotten once answered

        send(new Call("later", List.of("o1")), new Call("free", List.of("o2")));
        assertThat(sent).containsExactly("first", "other", "free");
        answers.get("first").complete(null);
        assertThat(sent).containsExactly("first", "other", "free", "later");
        answers.get("later").complete(null);
        answers.get("free").complete(null);
        assertThat(order.pending()).isZero();
    }
}
