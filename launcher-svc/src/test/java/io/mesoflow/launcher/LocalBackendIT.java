package io.mesoflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.LaunchesRequestedTogether;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.task.TaskPrelude;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TaskUsers;
import io.mesoflow.testing.FreshOffers;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class LocalBackendIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @jakarta.inject.Inject
    io.mesoflow.launcher.store.LauncherStore store;
    static FreshOffers offers;
    static TestTopics topics;
    static Path scripts;

    @BeforeAll
    static void setUp() throws Exception {
        // as root the launcher runs tasks as the default task user: it must exist and reach the sandboxes
        TaskUsers.ensure(TaskUsers.DEFAULT_USER);
        TaskUsers.ensureSearchable(Path.of("target/sandboxes").toAbsolutePath());
        topics = TestTopics.forCurrentTest();
        offers = new FreshOffers(topics);
        scripts = Files.createDirectories(Path.of("target/test-scripts").toAbsolutePath());
        Files.writeString(scripts.resolve("exit3.sh"),
                "echo \"task=$MESOFLOW_TASK tf=$TF_CONFIG ctx=$(cat $MESOFLOW_JOB_CONTEXT_FILE) port=$PORT0\"\nexit 3\n");
        Files.writeString(scripts.resolve("notice.sh"), "trap 'date +%s%N > term.at; "
                + "cat \"$MESOFLOW_PREEMPTION_NOTICE\" > notice.seen' TERM\necho up > up\n"
                + "sleep 300 &\nwait\nsleep 300 &\nwait\n"); // notes its SIGTERM, then goes on: SIGKILL ends it
        Files.writeString(scripts.resolve("tree.sh"), "sleep 300 &\necho $! > child.pid\nwait\n");
        String listen = "exec python3 -c 'import os, socket, time\n"
                + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind((\"0.0.0.0\", int(os.environ[\"PORT0\"]))); s.listen(); time.sleep(60)'\n";
        Files.writeString(scripts.resolve("listen.sh"), "sleep 1\n" + listen);
        Files.writeString(scripts.resolve("prepare-then-listen.sh"), "touch " + TaskPrelude.PREPARING_MARKER
                + "\nsleep 1.5\nrm -f " + TaskPrelude.PREPARING_MARKER + "\nsleep 1\n" + listen);
        Files.writeString(scripts.resolve("traceback.sh"), "echo starting\n"
                + "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo \"  frame $i\" >&2; done\n"
                + "echo 'ValueError: bad learning rate' >&2\nexit 1\n");
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    /** An offer for one of {@link #task}'s tasks. */
    static OfferMade freshOffer() {
        return offers.takeFitting(0.5, 64, 1, WAIT);
    }

    static TaskPlacement task(String name, OfferMade offer, String script, int port) {
        return new TaskPlacement(name, 0, offer.agentId(), offer.hostname(), List.of(offer.offerId()),
                new Resources(0.5, 64, 0, 0), List.of(port),
                new LaunchSpec(scripts.resolve(script).toUri().toString(), "sh " + script, Map.of("lr", 0.5),
                        "target/out", Map.of("TF_CONFIG", "{\"task\":{}}", "MESOFLOW_TASK", name), List.of()));
    }

    List<TaskStatusChanged> statuses(String jobId, TaskState until) {
        return topics.readUntil(Topics.TASK_STATUS, values -> values.stream().map(EventCodec::decode)
                        .anyMatch(e -> e instanceof TaskStatusChanged s && s.jobId().equals(jobId) && s.state() == until),
                WAIT).stream().map(EventCodec::decode)
                .filter(e -> e instanceof TaskStatusChanged s && s.jobId().equals(jobId))
                .map(TaskStatusChanged.class::cast).toList();
    }

    @Test
    void offersTheHostsDeclaredResourcesAndPorts() {
        OfferMade offer = topics.await(Topics.OFFERS, OfferMade.class, o -> true, WAIT);

        assertThat(offer.agentId()).isEqualTo("local");
        assertThat(offer.cpus()).isLessThanOrEqualTo(4);
        assertThat(offer.ports()).isNotEmpty();
        assertThat(offer.ports().get(0).begin()).isGreaterThanOrEqualTo(32000);
    }

    @Test
    void runsTheEntryPointWithItsEnvironmentAndReportsTheExitCode() throws Exception {
        OfferMade offer = freshOffer();
        int port = offer.ports().get(0).begin();
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-exit", 1, List.of(task("worker-0", offer, "exit3.sh", port)),
                List.of()));

        List<TaskStatusChanged> seen = statuses("job-exit", TaskState.FAILED);

        assertThat(seen).extracting(TaskStatusChanged::state)
                .containsSubsequence(TaskState.STAGING, TaskState.RUNNING, TaskState.FAILED);
        TaskStatusChanged failed = seen.get(seen.size() - 1);
        assertThat(failed.exitCode()).isEqualTo(3);
        String stdout = Files.readString(Path.of(failed.sandbox()).resolve("stdout"));
        assertThat(stdout).contains("task=worker-0", "tf={\"task\":{}}", "ctx={\"lr\":0.5}", "port=" + port);
    }

    @Test
    void aLaunchSeenTwiceStartsTheTaskOnce() {
        OfferMade offer = freshOffer();
        LaunchRequested launch = new LaunchRequested("job-twice", 1,
                List.of(task("worker-0", offer, "exit3.sh", offer.ports().get(0).begin())), List.of());
        topics.send(Topics.LAUNCHES, launch);
        topics.send(Topics.LAUNCHES, launch);

        List<TaskStatusChanged> seen = statuses("job-twice", TaskState.FAILED);

        assertThat(seen.stream().filter(s -> s.state() == TaskState.STAGING).count()).isEqualTo(1);
    }

    @Test
    void aGangsTasksEachRunOnceAfterTheirStagingAndTheirProcessesAreRecorded() {
        List<String> names = List.of("worker-0", "worker-1", "worker-2", "worker-3");
        // an offer with a port for each task (what an ended task gives back comes as an offer of its own)
        OfferMade offer = offers.takeFitting(0.1 * names.size(), 16 * names.size(), names.size(), WAIT);
        List<Integer> ports = FreshOffers.ports(offer).subList(0, names.size());
        List<TaskPlacement> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            TaskPlacement t = task(names.get(i), offer, "exit3.sh", ports.get(i));
            tasks.add(new TaskPlacement(t.taskName(), 0, t.agentId(), t.hostname(), t.offerIds(),
                    new Resources(0.1, 16, 0, 0), t.ports(), t.launch()));
        }
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-gang", 1, tasks, List.of()));

        List<TaskStatusChanged> seen = topics.readUntil(Topics.TASK_STATUS, values -> values.stream()
                        .map(EventCodec::decode).filter(e -> e instanceof TaskStatusChanged s
                                && s.jobId().equals("job-gang") && s.state() == TaskState.FAILED).count() == names.size(),
                WAIT).stream().map(EventCodec::decode)
                .filter(e -> e instanceof TaskStatusChanged s && s.jobId().equals("job-gang"))
                .map(TaskStatusChanged.class::cast).toList();

        for (TaskPlacement task : tasks) {
            assertThat(seen.stream().filter(s -> s.taskName().equals(task.taskName())).map(TaskStatusChanged::state))
                    .as(task.taskName()).containsExactly(TaskState.STAGING, TaskState.RUNNING, TaskState.FAILED);
            assertThat(seen.stream().filter(s -> s.taskName().equals(task.taskName())
                    && s.state() == TaskState.RUNNING).findFirst().orElseThrow().message()).startsWith("pid ");
            var row = store.find(task.taskId("job-gang"));
            assertThat(row.pid).as("%s's process recorded", task.taskName()).isNotNull().isPositive();
            assertThat(row.pidStarted).isNotNull();
        }
    }

    @Test
    void aLaunchOnAnUnknownOfferIsLost() {
        OfferMade offer = freshOffer();
        TaskPlacement stale = new TaskPlacement("worker-0", 0, "local", offer.hostname(), List.of("no-such-offer"),
                new Resources(0.5, 64, 0, 0), List.of(32050), task("worker-0", offer, "exit3.sh", 1).launch());
        offers.giveBack(offer.offerId());
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-stale", 1, List.of(stale), List.of()));

        TaskStatusChanged lost = statuses("job-stale", TaskState.LOST).get(0);
        assertThat(lost.reason()).isEqualTo("REASON_INVALID_OFFERS");
    }

    @Test
    void jobsPlacedToShareAnOfferAreOneAcceptAndAllTheirTasksRun() {
        OfferMade offer = offers.takeFitting(1.0, 128, 2, WAIT); // room for both jobs' tasks
        List<Integer> ports = FreshOffers.ports(offer);
        LaunchRequested first = new LaunchRequested("job-pack-a", 1, List.of(task("worker-0", offer, "exit3.sh", ports.get(0))),
                List.of());
        LaunchRequested second = new LaunchRequested("job-pack-b", 1,
                List.of(task("worker-0", offer, "exit3.sh", ports.get(1))), List.of());

        topics.send(Topics.LAUNCHES, new LaunchesRequestedTogether(offer.agentId(), List.of(first, second)));

        // apart, the second launch would find the offer used up by the first (LOST, REASON_INVALID_OFFERS)
        for (String job : List.of("job-pack-a", "job-pack-b")) {
            assertThat(statuses(job, TaskState.FAILED)).extracting(TaskStatusChanged::state)
                    .containsSubsequence(TaskState.STAGING, TaskState.RUNNING, TaskState.FAILED)
                    .doesNotContain(TaskState.LOST);
        }
    }

    @Test
    void killingATaskKillsItsWholeProcessTree() throws Exception {
        OfferMade offer = freshOffer();
        TaskPlacement task = task("ps-0", offer, "tree.sh", offer.ports().get(0).begin());
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-kill", 1, List.of(task), List.of()));
        TaskStatusChanged running = statuses("job-kill", TaskState.RUNNING).stream()
                .filter(s -> s.state() == TaskState.RUNNING).findFirst().orElseThrow();
        Path childPid = Path.of(running.sandbox()).resolve("child.pid");
        await().atMost(WAIT).until(() -> Files.exists(childPid) && !Files.readString(childPid).isBlank());
        long child = Long.parseLong(Files.readString(childPid).trim());

        topics.send(Topics.CONTROL, new KillTaskRequested("job-kill", "ps-0", 0, task.taskId("job-kill"), "local", "test"));

        TaskStatusChanged killed = statuses("job-kill", TaskState.KILLED).stream()
                .filter(s -> s.state() == TaskState.KILLED).findFirst().orElseThrow();
        assertThat(killed.reason()).isEqualTo("REASON_TASK_KILLED");
        await().atMost(WAIT).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aKillWithANoticeWritesItBeforeTheSigtermAndSigkillsWhenTheKillsGracePeriodIsOver() throws Exception {
        OfferMade offer = freshOffer();
        TaskPlacement task = task("chief-0", offer, "notice.sh", offer.ports().get(0).begin());
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-notice", 1, List.of(task), List.of()));
        Path sandbox = Path.of(statuses("job-notice", TaskState.RUNNING).stream()
                .filter(s -> s.state() == TaskState.RUNNING).findFirst().orElseThrow().sandbox());
        await().atMost(WAIT).until(() -> Files.exists(sandbox.resolve("up")));
        Thread.sleep(300);

        long sent = System.currentTimeMillis();
        topics.send(Topics.CONTROL, new KillTaskRequested("job-notice", "chief-0", 0, task.taskId("job-notice"), "local",
                "suspended", 2L, "preempted by job team-b/urgent"));

        TaskStatusChanged killed = statuses("job-notice", TaskState.KILLED).stream()
                .filter(s -> s.state() == TaskState.KILLED).findFirst().orElseThrow();
        long tookMs = System.currentTimeMillis() - sent;
        assertThat(killed.reason()).isEqualTo("REASON_TASK_KILLED");
        String seen = Files.readString(sandbox.resolve("notice.seen"));
        assertThat(seen).startsWith("{\"reason\": \"preempted by job team-b/urgent\", \"gracePeriodSeconds\": 2, "
                + "\"deadline\": \"");
        assertThat(Files.exists(sandbox.resolve("term.at"))).as("SIGTERM came first").isTrue();
        assertThat(tookMs).as("SIGKILL after the kill's 2 s, not the configured 1 s").isBetween(1_800L, 8_000L);
        assertThat(Files.exists(sandbox.resolve(".mesoflow-exit"))).as("SIGKILLed: no exit code").isFalse();
    }

    @Test
    void aTasksPortIsOfferedAgainOnceTheTaskEnds() {
        OfferMade offer = freshOffer();
        int port = offer.ports().get(0).begin();
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-return", 1,
                List.of(task("worker-0", offer, "exit3.sh", port)), List.of()));
        statuses("job-return", TaskState.FAILED);

        List<String> raw = topics.readUntil(Topics.OFFERS, values -> offersPort(values, port), WAIT);

        assertThat(offersPort(raw, port)).as("port %d offered again", port).isTrue();
    }

    @Test
    void aServerIsRunningAtOnceAndReadyOnceItsPortAcceptsConnections() {
        OfferMade offer = freshOffer();
        TaskPlacement task = task("ps-0", offer, "listen.sh", offer.ports().get(0).begin());
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-ready", 1, List.of(task), List.of()));

        List<TaskStatusChanged> seen = topics.readUntil(Topics.TASK_STATUS, values -> values.stream()
                .map(EventCodec::decode).anyMatch(e -> e instanceof TaskStatusChanged s && s.jobId().equals("job-ready")
                        && Boolean.TRUE.equals(s.ready())), WAIT).stream().map(EventCodec::decode)
                .filter(e -> e instanceof TaskStatusChanged s && s.jobId().equals("job-ready"))
                .map(TaskStatusChanged.class::cast).toList();

        List<TaskStatusChanged> running = seen.stream().filter(s -> s.state() == TaskState.RUNNING).toList();
        assertThat(running).as("%s", seen).extracting(TaskStatusChanged::ready).containsExactly(false, true);
        assertThat(running.get(1).message()).isEqualTo("ready: port " + task.ports().get(0) + " accepts connections");
        assertThat(java.time.Duration.between(running.get(0).timestamp(), running.get(1).timestamp()))
                .as("the server listens a second after it starts").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        topics.send(Topics.CONTROL, new KillTaskRequested("job-ready", "ps-0", 0, task.taskId("job-ready"), "local",
                "test"));
        List<TaskStatusChanged> all = statuses("job-ready", TaskState.KILLED);
        assertThat(all.stream().filter(s -> Boolean.TRUE.equals(s.ready()))).hasSize(1);
    }

    @Test
    void aServerBuildingItsEnvironmentSaysSoUntilItIsDoneThenBecomesReady() {
        OfferMade offer = freshOffer();
        TaskPlacement task = task("chief-0", offer, "prepare-then-listen.sh", offer.ports().get(0).begin());
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-prepare", 1, List.of(task), List.of()));

        List<TaskStatusChanged> running = topics.readUntil(Topics.TASK_STATUS, values -> values.stream()
                .map(EventCodec::decode).anyMatch(e -> e instanceof TaskStatusChanged s
                        && s.jobId().equals("job-prepare") && Boolean.TRUE.equals(s.ready())), WAIT).stream()
                .map(EventCodec::decode).filter(e -> e instanceof TaskStatusChanged s && s.jobId().equals("job-prepare")
                        && s.state() == TaskState.RUNNING).map(TaskStatusChanged.class::cast).toList();

        int port = task.ports().get(0);
        assertThat(running).as("%s", running).hasSize(4);
        assertThat(running.get(0).message()).startsWith("pid ");
        assertThat(running.subList(1, 4)).extracting(TaskStatusChanged::message).containsExactly(
                "preparing environment", "environment ready; waiting for port " + port + " to accept connections",
                "ready: port " + port + " accepts connections");
        assertThat(running).extracting(TaskStatusChanged::ready).containsExactly(false, false, false, true);
        topics.send(Topics.CONTROL, new KillTaskRequested("job-prepare", "chief-0", 0, task.taskId("job-prepare"),
                "local", "test"));
        statuses("job-prepare", TaskState.KILLED);
    }

    @Test
    void aFailedTasksStatusSaysTheLastLinesOfItsStderr() {
        OfferMade offer = freshOffer();
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-trace", 1,
                List.of(task("evaluator-0", offer, "traceback.sh", offer.ports().get(0).begin())), List.of()));

        List<TaskStatusChanged> seen = statuses("job-trace", TaskState.FAILED);

        TaskStatusChanged failed = seen.get(seen.size() - 1);
        assertThat(failed.exitCode()).as("%s", seen).isEqualTo(1);
        assertThat(failed.message()).startsWith("exited with code 1: ").endsWith("ValueError: bad learning rate")
                .contains("  frame 4\n", "  frame 12\n").doesNotContain("  frame 3\n", "starting");
        assertThat(seen).filteredOn(s -> s.state() == TaskState.RUNNING).extracting(TaskStatusChanged::ready)
                .containsOnlyNulls();
    }

    static boolean offersPort(List<String> values, int port) {
        return values.stream().map(EventCodec::decode)
                .filter(e -> e instanceof OfferMade o && !offers.isTaken(o.offerId()))
                .flatMap(e -> ((OfferMade) e).ports().stream())
                .anyMatch(r -> r.contains(port));
    }
}
