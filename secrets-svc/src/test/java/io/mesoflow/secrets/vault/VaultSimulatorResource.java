package io.mesoflow.secrets.vault;

import io.mesoflow.events.secrets.SealedBox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/**
 * Starts a {@link VaultSimulator} (KV mount {@code secret}, namespace {@code mesoflow}, an AppRole)
 * and writes a launcher key pair, then points secrets-svc at both and at a fresh local store.
 */
public class VaultSimulatorResource implements QuarkusTestResourceLifecycleManager {
    public static VaultSimulator vault;
    public static KeyPair launcherKeys;
    public static Path localStore;

    @Override
    public Map<String, String> start() {
        try {
            vault = new VaultSimulator("secret", "mesoflow", "role-1", "secret-id-1");
            launcherKeys = SealedBox.generateKeyPair();
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "secrets-it");
            Path publicKey = dir.resolve("launcher.pub");
            Files.writeString(publicKey, SealedBox.encodePublic(launcherKeys.getPublic()));
            localStore = dir.resolve("store");
            return Map.of(
                    "mesoflow.secrets.vault.address", vault.address(),
                    "mesoflow.secrets.vault.approle-role-id", "role-1",
                    "mesoflow.secrets.vault.approle-secret-id", "secret-id-1",
                    "mesoflow.secrets.vault.namespace", "mesoflow",
                    "mesoflow.secrets.vault.retries", "0",
                    "mesoflow.secrets.sealing.public-key-file", publicKey.toString(),
                    "mesoflow.secrets.local.dir", localStore.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vault != null) {
            vault.close();
        }
    }
}
