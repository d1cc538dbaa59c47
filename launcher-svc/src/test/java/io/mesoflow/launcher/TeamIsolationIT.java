package io.mesoflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.Resources;
import io.mesoflow.events.SealedSecret;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.events.secrets.SealedBox;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TaskProcesses;
import io.mesoflow.testing.TaskUsers;
import io.mesoflow.testing.FreshOffers;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tasks of two teams on the local backend run as two Unix users (the test runs as root, as CI does,
 * and creates them): team A's task cannot read team B's sandbox, secret file or output, which B's own
 * task reads; each task's processes have its team user's uid.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
@TestProfile(TeamIsolationIT.TwoTeams.class)
class TeamIsolationIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String USER_A = "mesoflow-it-a";
    static final String USER_B = "mesoflow-it-b";
    static final Path ROOT = Path.of("target/isolation").toAbsolutePath();
    static FreshOffers offers;
    static TestTopics topics;
    static Path scripts;

    /** Team A and B have their own users; team-ghost names a user this host lacks. */
    public static class TwoTeams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mesoflow.launcher.task-users.\"team-a\"", USER_A,
                    "mesoflow.launcher.task-users.\"team-b\"", USER_B,
                    "mesoflow.launcher.task-users.\"team-ghost\"", "mesoflow-it-nosuchuser",
                    "mesoflow.launcher.local.work-dir", ROOT.resolve("sandboxes").toString(),
                    "mesoflow.launcher.local.ports", "32100-32199",
                    "mesoflow.launcher.sealing.key-dir", ROOT.resolve("keys").toString());
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        TaskUsers.ensure(TaskUsers.DEFAULT_USER, USER_A, USER_B);
        TaskUsers.ensureSearchable(ROOT);
        topics = TestTopics.forCurrentTest();
        offers = new FreshOffers(topics);
        scripts = Files.createDirectories(ROOT.resolve("scripts"));
        Files.writeString(scripts.resolve("b.sh"), """
                id -u > uid.txt
                echo "b's sandbox file" > mine.txt
                echo "b's output" > "$OUT/result.txt"
                cat mine.txt key.txt "$OUT/result.txt" > own-reads.txt
                """);
        Files.writeString(scripts.resolve("a.sh"), """
                id -u > uid.txt
                for f in "$B_SANDBOX/mine.txt" "$B_SANDBOX/key.txt" "$B_OUT/result.txt"; do
                  if cat "$f" > /dev/null 2> err.txt; then echo "read $f"; else echo "denied $f: $(cat err.txt)"; fi
                done > reads.txt
                """);
        Files.writeString(scripts.resolve("id.sh"), "id -u > uid.txt\n");
        Files.writeString(scripts.resolve("sleep.sh"), "sleep 60\n");
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    @Test
    void teamAsTaskCannotReadTeamBsSandboxSecretFileOrOutputWhichBsTaskReads() throws Exception {
        String jobB = "job-iso-b-" + UUID.randomUUID().toString().substring(0, 8);
        Path outB = ROOT.resolve("outputs").resolve(jobB);
        String secret = "b's secret " + UUID.randomUUID();
        TaskPlacement b = task("worker-0", "team-b", "b.sh", outB, Map.of("OUT", outB.toString()));
        topics.send(Topics.LAUNCHES, new LaunchRequested(jobB, 1, List.of(b), List.of(new SealedSecret(null, "key.txt",
                SealedBox.seal(secret, jobB, SealedBox.decodePublic(Files.readString(ROOT.resolve("keys/launcher.pub"))))))));
        TaskStatusChanged bEnded = ended(jobB);
        assertThat(bEnded.state()).as(bEnded.message()).isEqualTo(TaskState.FINISHED);
        Path sandboxB = Path.of(bEnded.sandbox());

        assertThat(Files.readString(sandboxB.resolve("own-reads.txt")))
                .isEqualTo("b's sandbox file\n" + secret + "b's output\n");
        assertThat(uidIn(sandboxB)).isEqualTo(TaskUsers.uid(USER_B));
        assertOwnedOnlyBy(sandboxB, USER_B, "rwx------");
        assertOwnedOnlyBy(sandboxB.resolve("key.txt"), USER_B, "r--------");
        assertOwnedOnlyBy(outB, USER_B, "rwx------");

        String jobA = "job-iso-a-" + UUID.randomUUID().toString().substring(0, 8);
        TaskPlacement a = task("worker-0", "team-a", "a.sh", null,
                Map.of("B_SANDBOX", sandboxB.toString(), "B_OUT", outB.toString()));
        topics.send(Topics.LAUNCHES, new LaunchRequested(jobA, 1, List.of(a), List.of()));
        TaskStatusChanged aEnded = ended(jobA);
        assertThat(aEnded.state()).as(aEnded.message()).isEqualTo(TaskState.FINISHED);
        Path sandboxA = Path.of(aEnded.sandbox());

        assertThat(uidIn(sandboxA)).isEqualTo(TaskUsers.uid(USER_A)).isNotEqualTo(TaskUsers.uid(USER_B));
        assertThat(Files.readAllLines(sandboxA.resolve("reads.txt"))).containsExactly(
                "denied " + sandboxB.resolve("mine.txt") + ": cat: " + sandboxB.resolve("mine.txt")
                        + ": Permission denied",
                "denied " + sandboxB.resolve("key.txt") + ": cat: " + sandboxB.resolve("key.txt")
                        + ": Permission denied",
                "denied " + outB.resolve("result.txt") + ": cat: " + outB.resolve("result.txt") + ": Permission denied");
    }

    @Test
    void everyProcessOfATaskRunsWithItsTeamUsersUid() throws Exception {
        String job = "job-iso-uid-" + UUID.randomUUID().toString().substring(0, 8);
        TaskPlacement task = task("ps-0", "team-a", "sleep.sh", null, Map.of());
        topics.send(Topics.LAUNCHES, new LaunchRequested(job, 1, List.of(task), List.of()));
        TaskStatusChanged running = status(job, s -> s.state() == TaskState.RUNNING);
        int uid = TaskUsers.uid(USER_A);
        Matcher pid = Pattern.compile("pid (\\d+) as " + USER_A + " \\(uid " + uid + "\\)").matcher(running.message());
        assertThat(pid.find()).as(running.message()).isTrue();
        Path sandbox = Path.of(running.sandbox());
        await().atMost(WAIT).until(() -> TaskProcesses.runningIn(sandbox).size() >= 2); // the wrapper and sleep

        List<Long> pids = TaskProcesses.runningIn(sandbox);
        assertThat(pids).contains(Long.parseLong(pid.group(1)));
        for (long p : pids) {
            String uids = Files.readAllLines(Path.of("/proc", String.valueOf(p), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertThat(uids.split("\\s+")).as("real, effective, saved and fs uid of pid %d", p)
                    .containsExactly("Uid:", "" + uid, "" + uid, "" + uid, "" + uid);
        }

        topics.send(Topics.CONTROL, new KillTaskRequested(job, "ps-0", 0, task.taskId(job), "local", "test"));
        assertThat(status(job, s -> s.state().isTerminal()).state()).isEqualTo(TaskState.KILLED);
    }

    @Test
    void theExampleTrainsWithPython3AsATeamUserOnRootsPath() throws Exception {
        String job = "job-iso-train-" + UUID.randomUUID().toString().substring(0, 8);
        Path out = ROOT.resolve("outputs").resolve(job);
        OfferMade offer = freshOffer();
        TaskPlacement task = new TaskPlacement("worker-0", 0, offer.agentId(), offer.hostname(),
                List.of(offer.offerId()), new Resources(0.1, 32, 0, 0), List.of(offer.ports().get(0).begin()),
                new LaunchSpec(Path.of("../examples/ps-training/train.py").toAbsolutePath().normalize().toUri()
                        .toString(), "python3 train.py", Map.of("max_steps", 20, "target_loss", 0.0), out.toString(),
                        Map.of("MESOFLOW_OUTPUT_DIR", out.toString(), "MESOFLOW_TASK", "worker-0"), List.of(), "team-a"));
        topics.send(Topics.LAUNCHES, new LaunchRequested(job, 1, List.of(task), List.of()));

        TaskStatusChanged ended = ended(job);

        assertThat(ended.sandbox()).as(ended.state() + ": " + ended.message()).isNotNull();
        Path sandbox = Path.of(ended.sandbox());
        assertThat(ended.state()).as(Files.readString(sandbox.resolve("stderr"))).isEqualTo(TaskState.FINISHED);
        assertThat(Files.readString(sandbox.resolve("stdout"))).contains("training locally", "step 20");
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);
        assertThat((Integer) Files.getAttribute(out.resolve("checkpoint.json"), "unix:uid"))
                .isEqualTo(TaskUsers.uid(USER_A));
    }

    @Test
    void aTaskWithoutATeamRunsAsTheDefaultUser() throws Exception {
        String job = "job-iso-default-" + UUID.randomUUID().toString().substring(0, 8);
        topics.send(Topics.LAUNCHES, new LaunchRequested(job, 1, List.of(task("worker-0", null, "id.sh", null,
                Map.of())), List.of()));

        TaskStatusChanged ended = ended(job);

        assertThat(ended.state()).isEqualTo(TaskState.FINISHED);
        assertThat(uidIn(Path.of(ended.sandbox()))).isEqualTo(TaskUsers.uid(TaskUsers.DEFAULT_USER));
    }

    @Test
    void aTeamWhoseUserIsMissingFromTheHostEndsInErrorNamingTheUserAndTheSetting() {
        String job = "job-iso-ghost-" + UUID.randomUUID().toString().substring(0, 8);
        topics.send(Topics.LAUNCHES, new LaunchRequested(job, 1, List.of(task("worker-0", "team-ghost", "id.sh", null,
                Map.of())), List.of()));

        TaskStatusChanged ended = ended(job);

        assertThat(ended.state()).isEqualTo(TaskState.ERROR);
        assertThat(ended.message()).contains("mesoflow-it-nosuchuser", "mesoflow.launcher.task-users.\"team-ghost\"",
                "does not exist");
    }

    static void assertOwnedOnlyBy(Path path, String user, String mode) throws Exception {
        assertThat((Integer) Files.getAttribute(path, "unix:uid")).as(path + " owner").isEqualTo(TaskUsers.uid(user));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                .as(path + " mode").isEqualTo(mode);
    }

    static int uidIn(Path sandbox) throws Exception {
        return Integer.parseInt(Files.readString(sandbox.resolve("uid.txt")).trim());
    }

    TaskPlacement task(String name, String team, String script, Path outputDir, Map<String, String> env) {
        OfferMade offer = freshOffer();
        return new TaskPlacement(name, 0, offer.agentId(), offer.hostname(), List.of(offer.offerId()),
                new Resources(0.1, 32, 0, 0), List.of(offer.ports().get(0).begin()),
                new LaunchSpec(scripts.resolve(script).toUri().toString(), "sh " + script, Map.of(),
                        outputDir == null ? null : outputDir.toString(), env, List.of(), team));
    }

    static OfferMade freshOffer() {
        return offers.takeFitting(0.1, 32, 1, WAIT);
    }

    static TaskStatusChanged ended(String jobId) {
        return status(jobId, s -> s.state().isTerminal());
    }

    static TaskStatusChanged status(String jobId, java.util.function.Predicate<TaskStatusChanged> match) {
        return topics.await(Topics.TASK_STATUS, TaskStatusChanged.class, s -> s.jobId().equals(jobId) && match.test(s),
                WAIT);
    }
}
