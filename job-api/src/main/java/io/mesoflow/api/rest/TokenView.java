package io.mesoflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mesoflow.api.model.ApiTokenEntity;
import java.time.Instant;

/** An API token; {@code token} is present only in the answer that issued it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String id, String name, String team, boolean admin, Instant createdAt, Instant revokedAt,
                        String token) {
    static TokenView of(ApiTokenEntity entity, String token) {
        return new TokenView(entity.id, entity.name, entity.team, entity.admin, entity.createdAt, entity.revokedAt,
                token);
    }
}
