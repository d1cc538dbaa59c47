package io.mesoflow.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of event types: CloudEvent type name to record class and back. */
public final class EventTypes {
    public static final String PREFIX = "io.mesoflow.";

    /** Every event type, in a stable order (schemas and docs are listed in this order). */
    public static final List<Class<? extends MesoflowEvent>> ALL = List.of(
            JobSubmitted.class, JobConfigChanged.class, JobCancelRequested.class, TeamQuotaChanged.class,
            OfferMade.class, OfferRescinded.class, TasksPlaced.class, LaunchRequested.class,
            TaskStatusChanged.class, JobStatusChanged.class, TaskUsageRecorded.class, KillTaskRequested.class,
            RelaunchTaskRequested.class, DeclineOfferRequested.class, JobSubmissionResult.class,
            ReviveOffersRequested.class, SecretResolved.class, SuppressOffersRequested.class, AuditRecorded.class);

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
}
