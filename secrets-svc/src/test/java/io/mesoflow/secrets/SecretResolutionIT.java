package io.mesoflow.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.SealedSecret;
import io.mesoflow.events.SecretRef;
import io.mesoflow.events.SecretResolved;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.events.secrets.SealedBox;
import io.mesoflow.secrets.vault.VaultSimulatorResource;
import io.mesoflow.service.secrets.LocalSecretStore;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** secrets-svc against a Vault simulator (KV v2, AppRole, namespace) and the local store, over real Kafka. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
@WithTestResource(VaultSimulatorResource.class)
class SecretResolutionIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static TasksPlaced placement(String jobId, int attempt, SecretRef... secrets) {
        TaskPlacement task = new TaskPlacement("worker-0", attempt, "agent-1", "h", List.of("o-" + jobId + attempt),
                new Resources(1, 256, 0, 0), List.of(31000),
                new LaunchSpec("file:///t.py", "python3 t.py", Map.of(), "/out", Map.of(), List.of(secrets)));
        return new TasksPlaced(jobId, 1, List.of(task), Instant.now());
    }

    static LaunchRequested launchOf(String jobId, int attempt) {
        return topics.await(Topics.LAUNCHES, LaunchRequested.class,
                l -> l.jobId().equals(jobId) && l.tasks().get(0).attempt() == attempt, WAIT);
    }

    static String open(SealedSecret secret, String jobId) {
        return SealedBox.open(secret.sealed(), jobId, VaultSimulatorResource.launcherKeys.getPrivate());
    }

    @Test
    void aVaultSecretReachesTheLauncherOnlySealedAndIsAudited() {
        VaultSimulatorResource.vault.put("teams/ml/gcs", Map.of("key", "gcs-key-5ec4e7", "other", "x"));

        topics.send(Topics.PLACEMENTS, placement("job-v", 0, new SecretRef("vault:teams/ml/gcs#key", "GCS_KEY", null)));

        LaunchRequested launch = launchOf("job-v", 0);
        assertThat(launch.secrets()).singleElement().satisfies(s -> {
            assertThat(s.env()).isEqualTo("GCS_KEY");
            assertThat(s.sealed()).doesNotContain("gcs-key-5ec4e7");
            assertThat(open(s, "job-v")).isEqualTo("gcs-key-5ec4e7");
        });
        assertThat(topics.readUntil(Topics.LAUNCHES, v -> !v.isEmpty(), WAIT)).noneMatch(r -> r.contains("gcs-key-5ec4e7"));
        SecretResolved audit = topics.await(Topics.AUDIT, SecretResolved.class, a -> a.jobId().equals("job-v"), WAIT);
        assertThat(audit.outcome()).isEqualTo("RESOLVED");
        assertThat(audit.source()).isEqualTo("vault:teams/ml/gcs#key");
        assertThat(VaultSimulatorResource.vault.logins()).isPositive();
        assertThat(VaultSimulatorResource.vault.lastNamespaceSeen()).isEqualTo("mesoflow");
    }

    @Test
    void aLocalSecretComesFromTheEncryptedStoreAsAFile() {
        new LocalSecretStore(VaultSimulatorResource.localStore).put("teams/ml/keytab", "keytab-bytes-77a1");

        topics.send(Topics.PLACEMENTS, placement("job-l", 0, new SecretRef("local:teams/ml/keytab", null, "krb5.keytab")));

        SealedSecret secret = launchOf("job-l", 0).secrets().get(0);
        assertThat(secret.file()).isEqualTo("krb5.keytab");
        assertThat(open(secret, "job-l")).isEqualTo("keytab-bytes-77a1");
    }

    @Test
    void aMissingSecretEndsEveryTaskInErrorWithTheReasonAndGivesTheOffersBack() {
        topics.send(Topics.PLACEMENTS, placement("job-m", 0, new SecretRef("vault:teams/ml/nothing#key", "X", null)));

        TaskStatusChanged error = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.jobId().equals("job-m"), WAIT);
        assertThat(error.state()).isEqualTo(TaskState.ERROR);
        assertThat(error.message()).isEqualTo("secret vault:teams/ml/nothing#key: no Vault secret secret/teams/ml/nothing");
        topics.await(Topics.CONTROL, DeclineOfferRequested.class, d -> d.offerId().equals("o-job-m0"), WAIT);
        assertThat(topics.await(Topics.AUDIT, SecretResolved.class, a -> a.jobId().equals("job-m"), WAIT).outcome())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void whileVaultIsUnreachableThePlacementWaitsWithTheReasonThenLaunches() {
        VaultSimulatorResource.vault.put("teams/ml/token", Map.of("value", "registry-token-91b"));
        VaultSimulatorResource.vault.seal();
        try {
            topics.send(Topics.PLACEMENTS, placement("job-u", 0, new SecretRef("vault:teams/ml/token", "TOKEN", null)));

            JobStatusChanged waiting = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                    s -> s.jobId().equals("job-u"), WAIT);
            assertThat(waiting.reason()).startsWith("waiting for secrets: Vault is unavailable (HTTP 503)");
        } finally {
            VaultSimulatorResource.vault.unseal();
        }

        assertThat(open(launchOf("job-u", 0).secrets().get(0), "job-u")).isEqualTo("registry-token-91b");
    }

    @Test
    void aRelaunchedTaskGetsTheRotatedValue() {
        VaultSimulatorResource.vault.put("teams/ml/rotating", Map.of("value", "first-value"));
        topics.send(Topics.PLACEMENTS, placement("job-r", 0, new SecretRef("vault:teams/ml/rotating", "S", null)));
        assertThat(open(launchOf("job-r", 0).secrets().get(0), "job-r")).isEqualTo("first-value");

        VaultSimulatorResource.vault.put("teams/ml/rotating", Map.of("value", "second-value"));
        topics.send(Topics.PLACEMENTS, placement("job-r", 1, new SecretRef("vault:teams/ml/rotating", "S", null)));

        assertThat(open(launchOf("job-r", 1).secrets().get(0), "job-r")).isEqualTo("second-value");
    }

    @Test
    void aValueSealedForOneJobCannotBeOpenedForAnother() {
        VaultSimulatorResource.vault.put("teams/ml/bound", Map.of("value", "bound-value"));
        topics.send(Topics.PLACEMENTS, placement("job-b", 0, new SecretRef("vault:teams/ml/bound", "S", null)));

        SealedSecret secret = launchOf("job-b", 0).secrets().get(0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(secret, "another-job"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
