package io.mesoflow.launcher.mesos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends calls at once, except that a call naming an offer that an earlier call, still unanswered,
 * names too goes after it: it is sent once every such earlier call was answered (either way).
 * Why: calls in flight together may reach the master in any order, and the first ACCEPT of an
 * offer uses it up (a later one gets its tasks TASK_LOST, REASON_INVALID_OFFERS), so which call
 * takes an offer must not depend on a race. Remembers the calls in flight across batches (an
 * answered call is forgotten); safe for one sending thread at a time.
 */
final class OfferOrder {
    private final Map<String, CompletableFuture<Void>> lastOn = new ConcurrentHashMap<>();

    /** One future per call, in the same order, each completing as that call's send does. */
    <C> List<CompletableFuture<Void>> send(List<C> calls, Function<C, Collection<String>> offersOf,
                                           Function<C, CompletableFuture<Void>> send) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(calls.size());
        for (C call : calls) {
            List<String> offers = offersOf.apply(call).stream().distinct().toList();
            List<CompletableFuture<Void>> before = offers.stream().map(lastOn::get).filter(f -> f != null).toList();
            CompletableFuture<Void> mine = before.isEmpty() ? send.apply(call)
                    : CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                            .handle((ignored, error) -> null).thenCompose(ignored -> send.apply(call));
            offers.forEach(offer -> lastOn.put(offer, mine));
            mine.whenComplete((ignored, error) -> offers.forEach(offer -> lastOn.remove(offer, mine)));
            sent.add(mine);
        }
        return sent;
    }

    /** Offers named by calls not yet answered (for tests). */
    int pending() {
        return lastOn.size();
    }
}
