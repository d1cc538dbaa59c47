package io.mesoflow.api.spec;

import java.util.List;

/** A job spec with invalid fields; every one of them is listed. */
public class SpecValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public SpecValidationException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
