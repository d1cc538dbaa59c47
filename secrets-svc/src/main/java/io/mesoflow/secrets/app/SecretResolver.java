package io.mesoflow.secrets.app;

import io.mesoflow.events.SealedSecret;
import io.mesoflow.events.SecretRef;
import io.mesoflow.events.SecretResolved;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.events.secrets.SealedBox;
import io.mesoflow.secrets.SecretsConfig;
import io.mesoflow.secrets.core.SecretReference;
import io.mesoflow.secrets.core.SecretSource;
import io.mesoflow.secrets.source.LocalSource;
import io.mesoflow.secrets.source.VaultSource;
import io.mesoflow.service.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every secret a placement's tasks name and seals each value for the launcher (the job id
 * bound in), so values leave this service only sealed. Each resolution is audited
 * ({@code SecretResolved} on {@code mesoflow.audit}, without the value). Values are read fresh
 * for every placement, so a relaunch gets a rotated secret.
 */
@ApplicationScoped
public class SecretResolver {
    @Inject
    LocalSource local;

    @Inject
    VaultSource vault;

    @Inject
    SecretsConfig config;

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry metrics;

    /** What resolving a placement's secrets came to. */
    public sealed interface Outcome {
    }

    public record Resolved(List<SealedSecret> secrets) implements Outcome {
    }

    /** A secret does not exist or may not be read: the tasks cannot run as written. */
    public record Failed(String reason) implements Outcome {
    }

    /** The backend (or the launcher's key) is not available now; try again later. */
    public record Waiting(String reason) implements Outcome {
    }

    public static Set<SecretRef> referencesOf(TasksPlaced placed) {
        Set<SecretRef> refs = new LinkedHashSet<>();
        placed.tasks().forEach(t -> refs.addAll(t.launch().secrets()));
        return refs;
    }

    public Outcome resolve(TasksPlaced placed) {
        PublicKey launcherKey;
        try {
            launcherKey = SealedBox.decodePublic(Files.readString(Path.of(config.sealing().publicKeyFile())));
        } catch (IOException | IllegalArgumentException e) {
            return new Waiting("the launcher's public key " + config.sealing().publicKeyFile() + " cannot be read yet");
        }
        List<String> tasks = placed.tasks().stream().map(TaskPlacement::taskName).toList();
        List<SealedSecret> sealed = new ArrayList<>();
        for (SecretRef ref : referencesOf(placed)) {
            SecretReference reference = SecretReference.parse(ref.source());
            SecretSource source = "vault".equals(reference.backend()) ? vault : local;
            try {
                String value = source.read(reference);
                sealed.add(new SealedSecret(ref.env(), ref.file(), SealedBox.seal(value, placed.jobId(), launcherKey)));
                audit(placed.jobId(), tasks, ref.source(), "RESOLVED", null);
            } catch (SecretSource.NotFound e) {
                audit(placed.jobId(), tasks, ref.source(), "NOT_FOUND", e.getMessage());
                return new Failed("secret " + ref.source() + ": " + e.getMessage());
            } catch (SecretSource.Unavailable e) {
                audit(placed.jobId(), tasks, ref.source(), "UNAVAILABLE", e.getMessage());
                return new Waiting(e.getMessage());
            }
        }
        return new Resolved(sealed);
    }

    private void audit(String jobId, List<String> tasks, String source, String outcome, String reason) {
        metrics.counter("mesoflow.secrets.resolutions", "outcome", outcome).increment();
        publisher.publish(Topics.AUDIT, new SecretResolved(jobId, null, tasks, source, outcome, reason, Instant.now()));
    }
}
