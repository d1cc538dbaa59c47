package io.mesoflow.launcher.store;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A CDI event that only collects what is fired, for unit tests. */
final class FiredEvents {
    private FiredEvents() {
    }

    static <T> Event<T> into(List<T> fired) {
        return new Event<>() {
            @Override
            public void fire(T event) {
                fired.add(event);
            }

            @Override
            public <U extends T> CompletionStage<U> fireAsync(U event) {
                fired.add(event);
                return CompletableFuture.completedFuture(event);
            }

            @Override
            public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
                return fireAsync(event);
            }

            @Override
            public Event<T> select(Annotation... qualifiers) {
                return this;
            }

            @Override
            public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
