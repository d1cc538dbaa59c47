package io.mesoflow.api.auth;

import io.mesoflow.api.model.ApiTokenEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Turns a bearer token into a {@link Caller}: a JWT through SmallRye JWT, else an API token. */
@ApplicationScoped
public class Authenticator {
    @Inject
    JwtVerifier jwt;

    @Transactional
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (ApiTokens.looksLikeJwt(token)) {
            return jwt.verify(token);
        }
        ApiTokenEntity known = ApiTokenEntity.active(ApiTokens.sha256(token));
        return known == null ? Optional.empty() : Optional.of(new Caller(known.name, known.team, known.admin));
    }
}
