package io.mesoflow.api.spec;

/** One invalid field of a request: its JSON path and why it is invalid. */
public record FieldError(String field, String reason) {
}
