package io.mesoflow.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** secrets-svc settings ({@code mesoflow.secrets.*}). */
@ConfigMapping(prefix = "mesoflow.secrets")
public interface SecretsConfig {
    Vault vault();

    Local local();

    Sealing sealing();

    /** Back-off of a placement whose secrets could not be read because Vault was unreachable. */
    @WithDefault("1s")
    Duration retryInitial();

    @WithDefault("30s")
    Duration retryMax();

    /** Vault (KV v2). Off unless {@code address} is set (or {@code VAULT_ADDR}). */
    interface Vault {
        /** e.g. {@code https://vault.example:8200}. */
        @WithDefault("${VAULT_ADDR:}")
        Optional<String> address();

        /** Token auth ({@code VAULT_TOKEN}); used when no AppRole is configured. */
        @WithDefault("${VAULT_TOKEN:}")
        Optional<String> token();

        /** AppRole auth: role id and secret id; preferred over a token when both are set. */
        Optional<String> approleRoleId();

        Optional<String> approleSecretId();

        /** Where the AppRole auth method is mounted. */
        @WithDefault("approle")
        String approlePath();

        /** Vault Enterprise namespace ({@code X-Vault-Namespace}). */
        Optional<String> namespace();

        /** The KV v2 mount: {@code vault:teams/ml/gcs} reads {@code <mount>/data/teams/ml/gcs}. */
        @WithDefault("secret")
        String kvMount();

        /** Verify Vault's TLS certificate. */
        @WithDefault("true")
        boolean tlsVerify();

        /** A PEM file with the CA that signed Vault's certificate. */
        Optional<String> tlsCaPemFile();

        /** Retries of one request (the driver's own back-off between them). */
        @WithDefault("2")
        int retries();

        @WithDefault("500ms")
        Duration retryInterval();

        @WithDefault("5s")
        Duration openTimeout();

        @WithDefault("10s")
        Duration readTimeout();
    }

    /** The embedded default's encrypted store ({@code local:} sources). */
    interface Local {
        @WithDefault("${user.home}/.mesoflow/secrets")
        String dir();
    }

    /** The launcher's public key, which values are sealed for. */
    interface Sealing {
        @WithDefault("${user.home}/.mesoflow/keys/launcher.pub")
        String publicKeyFile();
    }
}
