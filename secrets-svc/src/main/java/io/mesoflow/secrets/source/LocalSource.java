package io.mesoflow.secrets.source;

import io.mesoflow.secrets.SecretsConfig;
import io.mesoflow.secrets.core.SecretReference;
import io.mesoflow.secrets.core.SecretSource;
import io.mesoflow.service.secrets.LocalSecretStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * {@code local:} secrets from the embedded default's encrypted store ({@link LocalSecretStore}),
 * written through job-api's {@code /api/v1/secrets} (e.g. {@code mesoflow secret put}).
 */
@ApplicationScoped
public class LocalSource implements SecretSource {
    @Inject
    SecretsConfig config;

    @Override
    public String read(SecretReference ref) {
        LocalSecretStore store = new LocalSecretStore(Path.of(config.local().dir()));
        String name = ref.path() + (ref.key() == null ? "" : "#" + ref.key());
        return store.get(name).orElseThrow(() -> new NotFound("no local secret " + name
                + " (add it with: mesoflow secret put " + name + ")"));
    }
}
