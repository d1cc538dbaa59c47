package io.mesoflow.events;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of event types: CloudEvent type name to record class and back. */
public final class EventTypes {
    public static final String PREFIX = "io.mesoflow.";

    /**
     * Every event type: the records {@link MesoflowEvent} permits, so a new event is registered by
     * adding it to the {@code permits} clause and nowhere else. Sorted by name, a stable order
     * ({@link Class#getPermittedSubclasses()} leaves its own order unspecified).
     */
    public static final List<Class<? extends MesoflowEvent>> ALL = permittedEvents();

    private static final Map<String, Class<? extends MesoflowEvent>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventTypes::typeOf, Function.identity()));

    private EventTypes() {
    }

    public static String typeOf(Class<? extends MesoflowEvent> type) {
        return PREFIX + type.getSimpleName();
    }

    /** The record class of a CloudEvent type, or null when this version does not know it. */
    public static Class<? extends MesoflowEvent> classOf(String type) {
        return BY_TYPE.get(type);
    }

    private static List<Class<? extends MesoflowEvent>> permittedEvents() {
        return Arrays.stream(MesoflowEvent.class.getPermittedSubclasses())
                .<Class<? extends MesoflowEvent>>map(c -> c.asSubclass(MesoflowEvent.class))
                .sorted(Comparator.comparing(Class::getSimpleName))
                .toList();
    }
}
