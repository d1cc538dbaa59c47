package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.model.JobRevisionEntity;
import io.mesoflow.events.EventCodec;
import java.time.Instant;

/** One spec revision of a job. */
public record RevisionView(int revision, Instant createdAt, JsonNode spec) {
    static RevisionView of(JobRevisionEntity r) {
        try {
            return new RevisionView(r.revision, r.createdAt, EventCodec.mapper().readTree(r.spec));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
