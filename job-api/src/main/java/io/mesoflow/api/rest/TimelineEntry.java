package io.mesoflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mesoflow.api.model.JobEventEntity;
import java.time.Instant;

/**
 * One line of a job's timeline: a job state, a task state or a config revision; a line about a
 * suspension (SUSPEND_REQUESTED, SUSPENDING, SUSPENDED, the resume's QUEUED) carries it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(Instant at, String kind, String task, Integer attempt, String state, String message,
                            SuspensionView suspension) {
    static TimelineEntry of(JobEventEntity e) {
        return new TimelineEntry(e.at, e.kind, e.taskName, e.attempt, e.state, e.message, SuspensionView.of(e.suspension));
    }
}
