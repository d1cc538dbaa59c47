package io.mesoflow.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
import java.util.List;

/** Request bodies read as JSON, so that every resource answers a body that is not JSON with the same 400. */
final class JsonBody {
    private JsonBody() {
    }

    /** The body as JSON; a 400 problem naming the body as a whole ({@code ""}) when it is not JSON. */
    static JsonNode parse(String body) {
        try {
            return EventCodec.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new SpecValidationException(List.of(new FieldError("", "the body is not valid JSON")));
        }
    }

    /** Like {@link #parse}, with an empty body read as {@code {}}. */
    static JsonNode parseOrEmpty(String body) {
        return parse(body == null || body.isBlank() ? "{}" : body);
    }
}
