package io.mesoflow.api.messaging;

import io.mesoflow.events.MesoflowEvent;
import java.util.List;

/**
 * The jobs a batch of status events touches, in the one order every batch locks them (sorted,
 * each once): two batches that share jobs then never wait on each other in a cycle.
 */
final class JobLockOrder {
    private JobLockOrder() {
    }

    static List<String> of(List<? extends MesoflowEvent> events) {
        return events.stream().map(MesoflowEvent::key).filter(java.util.Objects::nonNull).distinct().sorted()
                .toList();
    }
}
