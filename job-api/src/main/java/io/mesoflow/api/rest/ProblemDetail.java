package io.mesoflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mesoflow.api.spec.FieldError;
import java.util.List;

/** An RFC 7807 problem body ({@code application/problem+json}); {@code errors} names each bad field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(String type, String title, int status, String detail, String instance,
                            List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://mesoflow.io/problems/";

    public static ProblemDetail invalidSpec(List<FieldError> errors) {
        return new ProblemDetail(BASE + "invalid-job-spec", "Invalid job spec", 400,
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid", null, errors);
    }

    public static ProblemDetail of(int status, String slug, String title, String detail) {
        return new ProblemDetail(BASE + slug, title, status, detail, null, null);
    }
}
