package io.mesoflow.api.service;

import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import java.util.List;

/**
 * A submission that is not a JSON object, so no spec at all. A field error on the body as a whole
 * ({@code ""}) over HTTP; its own type so that Kafka can dead-letter the record instead of answering.
 */
public class UnreadableSpecException extends SpecValidationException {
    public UnreadableSpecException(String reason) {
        super(List.of(new FieldError("", reason)));
    }
}
