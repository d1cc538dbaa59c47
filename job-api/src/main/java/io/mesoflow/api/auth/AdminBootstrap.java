package io.mesoflow.api.auth;

import io.mesoflow.api.model.ApiTokenEntity;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Makes sure someone can administer MesoFlow: registers the configured admin token, or, when no
 * admin token exists yet, generates one and writes it to the configured file (mode 600). The
 * token never goes to the log; the log names the file.
 */
@ApplicationScoped
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    private static final long LOCK = 0x6d66_6164_6d69_6eL; // "mfadmin": one job-api instance bootstraps at a time

    @Inject
    AuthConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    io.mesoflow.api.audit.AuditLog audit;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
        config.adminToken().filter(t -> !t.isBlank()).ifPresent(token -> {
            if (ApiTokenEntity.active(ApiTokens.sha256(token)) == null) {
                register("bootstrap", token);
                LOG.info("registered the configured admin token as 'bootstrap'");
            }
        });
        if (config.adminTokenFile().isPresent() && ApiTokenEntity.count("admin = true and revokedAt is null") == 0) {
            String token = ApiTokens.generate();
            register("admin", token);
            write(config.adminTokenFile().get(), token);
            LOG.infof("no admin token existed: generated one and wrote it to %s", config.adminTokenFile().get());
        }
    }

    private void register(String name, String token) {
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.id = ApiTokens.newId();
        entity.name = name;
        entity.admin = true;
        entity.tokenSha256 = ApiTokens.sha256(token);
        entity.createdAt = Instant.now();
        entity.persist();
        audit.record(io.mesoflow.api.audit.AuditKind.TOKEN_ISSUED, io.mesoflow.api.audit.AuditLog.SYSTEM, null,
                "token " + entity.id, "name '" + name + "', admin, at start-up");
    }

    private static void write(Path file, String token) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + System.lineSeparator());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
    }
}
