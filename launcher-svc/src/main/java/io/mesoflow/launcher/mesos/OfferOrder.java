package io.mesoflow.launcher.mesos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends calls at once, except that calls naming the same offer go one after another, in the
 * given order: the next is sent once the one before it was answered (either way). Why: calls
 * in flight together may reach the master in any order, and the first ACCEPT of an offer uses
 * it up (a later one gets its tasks TASK_LOST, REASON_INVALID_OFFERS), so which call takes an
 * offer must not depend on a race. Pure apart from the sends it starts.
 */
final class OfferOrder {
    private OfferOrder() {
    }

    /** One future per call, in the same order, each completing as that call's send does. */
    static <C> List<CompletableFuture<Void>> send(List<C> calls, Function<C, Collection<String>> offersOf,
                                                  Function<C, CompletableFuture<Void>> send) {
        Map<String, CompletableFuture<Void>> lastOn = new HashMap<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>(calls.size());
        for (C call : calls) {
            List<CompletableFuture<Void>> before = offersOf.apply(call).stream().distinct().map(lastOn::get)
                    .filter(f -> f != null).toList();
            CompletableFuture<Void> mine = before.isEmpty() ? send.apply(call)
                    : CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                            .handle((ignored, error) -> null).thenCompose(ignored -> send.apply(call));
            offersOf.apply(call).forEach(offer -> lastOn.put(offer, mine));
            sent.add(mine);
        }
        return sent;
    }
}
