package io.mesoflow.secrets.source;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.mesoflow.secrets.SecretsConfig;
import io.mesoflow.secrets.core.SecretReference;
import io.mesoflow.secrets.core.SecretSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code vault:} secrets from Vault's KV v2 engine through vault-java-driver, with token or
 * AppRole auth (an AppRole token is renewed by logging in again when Vault refuses it), a
 * namespace, TLS options and the driver's retries. A 404 or a missing key is {@link NotFound}; a
 * 403 is {@link NotFound} too (the policy does not allow the path: the job cannot run as written);
 * anything else, including no answer, is {@link Unavailable}. Error bodies are never logged.
 */
@ApplicationScoped
public class VaultSource implements SecretSource {
    private static final Logger LOG = Logger.getLogger(VaultSource.class);

    @Inject
    SecretsConfig config;

    private volatile Vault client;

    public boolean configured() {
        return config.vault().address().filter(a -> !a.isBlank()).isPresent();
    }

    @Override
    public String read(SecretReference ref) {
        if (!configured()) {
            throw new NotFound("secret " + ref + ": no Vault is configured (set VAULT_ADDR or mesoflow.secrets.vault.address)");
        }
        try {
            return readOnce(ref);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == 403 && approle()) {
                client = null;
                try {
                    return readOnce(ref);
                } catch (VaultException again) {
                    throw translate(ref, again);
                }
            }
            throw translate(ref, e);
        }
    }

    private String readOnce(SecretReference ref) throws VaultException {
        LogicalResponse response = vault().logical().read(config.vault().kvMount() + "/" + ref.path());
        int status = response.getRestResponse().getStatus();
        if (status == 404) {
            throw new NotFound("no Vault secret " + config.vault().kvMount() + "/" + ref.path());
        }
        if (status != 200) {
            throw new VaultException("Vault answered HTTP " + status, status);
        }
        Map<String, String> data = response.getData();
        return SecretSource.field(data, ref);
    }

    private RuntimeException translate(SecretReference ref, VaultException e) {
        int status = e.getHttpStatusCode();
        if (status == 404) {
            return new NotFound("no Vault secret " + config.vault().kvMount() + "/" + ref.path());
        }
        if (status == 403) {
            return new NotFound("Vault denies reading " + config.vault().kvMount() + "/" + ref.path()
                    + ": the policy of MesoFlow's token does not allow it");
        }
        String why = status == 0 ? "no answer from " + config.vault().address().orElse("?") : "HTTP " + status;
        LOG.warnf("Vault could not be read for %s: %s", ref, why);
        return new Unavailable("Vault is unavailable (" + why + ")");
    }

    private boolean approle() {
        return config.vault().approleRoleId().isPresent() && config.vault().approleSecretId().isPresent();
    }

    private Vault vault() throws VaultException {
        Vault current = client;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (client == null) {
                client = connect();
            }
            return client;
        }
    }

    private Vault connect() throws VaultException {
        SecretsConfig.Vault v = config.vault();
        SslConfig ssl = new SslConfig().verify(v.tlsVerify());
        if (v.tlsCaPemFile().isPresent()) {
            ssl = ssl.pemFile(new File(v.tlsCaPemFile().get()));
        }
        VaultConfig vaultConfig = new VaultConfig().address(v.address().orElseThrow()).engineVersion(2)
                .openTimeout((int) Math.max(1, v.openTimeout().toSeconds()))
                .readTimeout((int) Math.max(1, v.readTimeout().toSeconds()))
                .sslConfig(ssl.build());
        if (v.namespace().isPresent()) {
            vaultConfig = vaultConfig.nameSpace(v.namespace().get());
        }
        if (approle()) {
            Vault login = Vault.create(vaultConfig.build()).withRetries(v.retries(), (int) v.retryInterval().toMillis());
            String token = login.auth().loginByAppRole(v.approlePath(), v.approleRoleId().get(),
                    v.approleSecretId().get()).getAuthClientToken();
            vaultConfig = vaultConfig.token(token);
            LOG.infof("logged in to Vault at %s with AppRole", v.address().get());
        } else {
            vaultConfig = vaultConfig.token(v.token().filter(t -> !t.isBlank()).orElseThrow(() ->
                    new VaultException("no Vault token: set VAULT_TOKEN or an AppRole", 403)));
        }
        Vault vault = Vault.create(vaultConfig.build()).withRetries(v.retries(), (int) v.retryInterval().toMillis());
        long ttl = vault.auth().lookupSelf().getTTL();
        LOG.infof("Vault token accepted (ttl %d s)", ttl);
        return vault;
    }
}
