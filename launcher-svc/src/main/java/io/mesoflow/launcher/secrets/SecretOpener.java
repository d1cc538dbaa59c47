package io.mesoflow.launcher.secrets;

import io.mesoflow.events.SealedSecret;
import io.mesoflow.events.secrets.SealedBox;
import io.mesoflow.launcher.LauncherConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Holds the launcher's private key and opens the secrets secrets-svc sealed for it. The key pair
 * is generated on first start when {@code key-dir} has none; the public half is what secrets-svc
 * seals for.
 */
@ApplicationScoped
public class SecretOpener {
    private static final Logger LOG = Logger.getLogger(SecretOpener.class);

    @Inject
    LauncherConfig config;

    private volatile PrivateKey key;

    void onStart(@Observes StartupEvent event) {
        key();
    }

    /** Opens every sealed secret of a job; throws IllegalArgumentException when one cannot be opened. */
    public List<TaskSecret> open(String jobId, List<SealedSecret> sealed) {
        return sealed.stream().map(s -> new TaskSecret(s.env(), s.file(), SealedBox.open(s.sealed(), jobId, key())))
                .toList();
    }

    private synchronized PrivateKey key() {
        if (key != null) {
            return key;
        }
        Path dir = Path.of(config.sealing().keyDir());
        Path privateFile = dir.resolve("launcher.key");
        Path publicFile = dir.resolve("launcher.pub");
        try {
            if (!Files.exists(privateFile)) {
                KeyPair pair = SealedBox.generateKeyPair();
                Files.createDirectories(dir);
                write(privateFile, SealedBox.encodePrivate(pair.getPrivate()), "rw-------");
                write(publicFile, SealedBox.encodePublic(pair.getPublic()), "rw-r--r--");
                LOG.infof("generated the launcher's sealing key pair in %s", dir);
            }
            key = SealedBox.decodePrivate(Files.readString(privateFile));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the sealing key in " + dir, e);
        }
    }

    private static void write(Path file, String pem, String mode) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(tmp, pem);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
