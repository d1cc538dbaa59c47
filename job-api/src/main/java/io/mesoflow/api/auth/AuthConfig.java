package io.mesoflow.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** How job-api authenticates callers ({@code mesoflow.api.auth.*}). */
@ConfigMapping(prefix = "mesoflow.api.auth")
public interface AuthConfig {
    /**
     * An admin token to accept (e.g. from a secret store). When set, it is registered at start-up
     * as the {@code bootstrap} admin token. No default.
     */
    Optional<String> adminToken();

    /**
     * Where to write a freshly generated admin token (mode 600) when no admin token exists yet.
     * The embedded default uses {@code $MESOFLOW_DATA/admin-token}. No default: no file is written.
     */
    Optional<Path> adminTokenFile();

    /** JWT bearer tokens (SmallRye JWT); off unless a verification key is configured. */
    Jwt jwt();

    interface Jwt {
        /** Location of the public key (PEM, JWK or JWKS; file, classpath or https URL). */
        Optional<String> publicKeyLocation();

        /** Required {@code iss}; not checked when unset. */
        Optional<String> issuer();

        /** The claim that names the caller's team. */
        @WithDefault("team")
        String teamClaim();

        /** Members of this group ({@code groups} claim) are admins. */
        @WithDefault("mesoflow-admin")
        String adminGroup();
    }
}
