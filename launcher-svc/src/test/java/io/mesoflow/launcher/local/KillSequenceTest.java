package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.task.PreemptionNotice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill of a real local task (started as {@code nobody} by the root test, as a root launcher does): the
 * notice is in its sandbox before its SIGTERM, the task ends as its entry point does within the grace
 * period, and SIGKILL comes when the grace period is over (at once for zero).
 */
class KillSequenceTest {
    /** Saves "a checkpoint" on SIGTERM: copies the notice, who it ran as, then takes 1 s and exits 0. */
    static final String GRACEFUL = "sh -c 'trap \"cat \\\"$MESOFLOW_PREEMPTION_NOTICE\\\" > seen; id -u > seen-by; "
            + "sleep 1; exit 0\" TERM; sleep 60 & wait'";
    /** Notes each SIGTERM and goes on. */
    static final String STUBBORN = "sh -c 'trap \"echo term >> got\" TERM; while :; do sleep 0.1; done'";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T01:00:00.400Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path sandbox;
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        sandbox = dir.resolve("sandboxes/job-1/chief-0/0");
    }

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
    }

    Process start(String entryPoint) throws Exception {
        Path script = Files.writeString(dir.resolve("t.sh"), "true\n");
        TaskPlacement task = new TaskPlacement("chief-0", 0, "local", "127.0.0.1", List.of("o"),
                new Resources(0.1, 16, 0, 0), List.of(31000), new LaunchSpec(script.toUri().toString(), entryPoint,
                Map.of(), null, Map.of(), List.of(), "ml"));
        Process p = TaskProcess.start("job-1", task, sandbox, new ResourcePool.Slice(0.1, 16, 0, new TreeSet<>(),
                new TreeSet<>()), List.of(), new RunAs(UnixUser.lookup("nobody").orElseThrow(), "test"));
        for (int i = 0; i < 50 && !sandbox.resolve("stdout").toFile().exists(); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(500); // the entry point has installed its trap
        return p;
    }

    @Test
    void theNoticeIsThereBeforeTheSigtermReadableByTheTaskUserAndTheTaskEndsAsItsEntryPoint() throws Exception {
        Process p = start(GRACEFUL);
        long sent = System.nanoTime();

        KillSequence.run(p.pid(), sandbox, "preempted by job team-b/urgent", Duration.ofSeconds(10), CLOCK, timer);

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertThat(tookMs).as("it used 1 s of its grace, then ended").isBetween(900L, 8_000L);
        assertThat(TaskProcess.recordedExit(sandbox)).as("the wrapper outlived its SIGTERM").hasValue(0);
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(sandbox.resolve("seen"))).isEqualTo("{\"reason\": \"preempted by job team-b/urgent\", "
                + "\"gracePeriodSeconds\": 10, \"deadline\": \"2026-12-01T01:00:10Z\"}\n");
        assertThat(Files.readString(sandbox.resolve("seen-by")).trim()).isEqualTo("65534");
        Path notice = sandbox.resolve(PreemptionNotice.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notice))).isEqualTo("rw-r--r--");
        assertThat(Files.getAttribute(notice, "unix:uid")).isEqualTo(65534);
        try (var files = Files.list(sandbox)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".tmp"));
        }
    }

    @Test
    void aTaskThatGoesOnAfterItsSigtermIsKilledWhenTheGracePeriodIsOver() throws Exception {
        Process p = start(STUBBORN);
        long sent = System.nanoTime();

        KillSequence.run(p.pid(), sandbox, null, Duration.ofMillis(1500), CLOCK, timer);

        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertThat(tookMs).isBetween(1_400L, 10_000L);
        assertThat(Files.readString(sandbox.resolve("got"))).startsWith("term");
        assertThat(TaskProcess.recordedExit(sandbox)).as("SIGKILLed: no exit code").isEmpty();
        assertThat(sandbox.resolve(PreemptionNotice.FILE)).as("a plain kill leaves no notice").doesNotExist();
    }

    @Test
    void aGracePeriodOfZeroSendsSigkillRightAfterTheSigterm() throws Exception {
        Process p = start(STUBBORN);
        long sent = System.nanoTime();

        KillSequence.run(p.pid(), sandbox, "suspended by alice", Duration.ZERO, CLOCK, timer);

        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat((System.nanoTime() - sent) / 1_000_000).isLessThan(1_000L);
        assertThat(Files.readString(sandbox.resolve(PreemptionNotice.FILE))).contains("\"gracePeriodSeconds\": 0",
                "\"deadline\": \"2026-12-01T01:00:00Z\"");
    }

    @Test
    void aLinkTheTaskPutAtTheNoticesPlaceIsReplacedNeverFollowed() throws Exception {
        Files.createDirectories(sandbox);
        Path victim = Files.writeString(dir.resolve("victim"), "untouched");
        Files.createSymbolicLink(sandbox.resolve(PreemptionNotice.FILE), victim);

        NoticeFile.write(sandbox, PreemptionNotice.at(CLOCK.instant(), "r", 5));

        assertThat(Files.readString(victim)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(sandbox.resolve(PreemptionNotice.FILE))).isFalse();
        assertThat(Files.readString(sandbox.resolve(PreemptionNotice.FILE))).startsWith("{\"reason\": \"r\"");
    }
}
