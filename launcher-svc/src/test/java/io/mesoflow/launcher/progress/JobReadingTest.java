package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mesoflow.events.JobProgress;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.ScalarPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobReadingTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final JobReading.Limits LIMITS = new JobReading.Limits(4 << 20, 100, 4, 2000, 64);

    @TempDir
    Path dir;

    JobReading.Target target(Path outputDir, Path sandbox, Long total) {
        return new JobReading.Target("job-1", "vision", "chief-0", 0, outputDir,
                sandbox == null ? null : sandbox.toString(), new LocalSandboxFile(), total);
    }

    /** Polls and confirms what it offers, as a successful send does. */
    static JobReading.Polled published(JobReading reading, JobReading.Target target, Instant now) {
        JobReading.Polled polled = reading.poll(target, now);
        polled.progress().ifPresent(reading::confirm);
        return polled;
    }

    @Test
    void theFirstPollReportsWhatRealTensorFlowWrote() throws IOException {
        Path out = TfRecords.copyOutput(dir.resolve("out"));
        JobReading reading = new JobReading(LIMITS);

        JobReading.Polled polled = reading.poll(target(out, null, 600L), NOW);

        JobProgress progress = polled.progress().orElseThrow();
        assertThat(progress.source()).isEqualTo(ProgressSource.TENSORBOARD);
        assertThat(progress.step()).isEqualTo(30); // train/ and the root run; eval/ (step 20) does not count
        assertThat(progress.totalSteps()).isEqualTo(600);
        assertThat(progress.fractionDone()).isEqualTo(0.05);
        assertThat(progress.scalars()).containsOnlyKeys("train/loss", "eval/loss", "eval/accuracy", "learning_rate");
        assertThat(progress.scalars().get("train/loss")).isCloseTo(1 / 30.0, within(1e-6));
        assertThat(progress.points()).hasSize(6);
        assertThat(progress.points()).filteredOn(p -> p.tag().equals("train/loss")).extracting(ScalarPoint::step)
                .containsExactly(10L, 20L, 30L);
        assertThat(progress.checkpointStep()).isEqualTo(30);
        assertThat(progress.checkpointAt()).isEqualTo(
                Files.getLastModifiedTime(out.resolve("checkpoints/checkpoint")).toInstant());
        assertThat(progress.taskName()).isEqualTo("chief-0");
        assertThat(progress.team()).isEqualTo("vision");
        assertThat(progress.observedAt()).isEqualTo(NOW);
        assertThat(polled.recordsDecoded()).isEqualTo(10); // train 1 + 3, eval 1 + 2, root 1 + 2 (text included)
        assertThat(polled.bytesRead()).isPositive();
    }

    @Test
    void theNextPollReportsNothingUntilMoreIsWrittenAndThenOnlyTheNewPoints() throws IOException {
        Path out = TfRecords.copyOutput(dir.resolve("out"));
        JobReading reading = new JobReading(LIMITS);
        published(reading, target(out, null, 600L), NOW);

        JobReading.Polled unchanged = reading.poll(target(out, null, 600L), NOW.plusSeconds(5));
        Path train = TfRecords.eventFile(out, "train");
        double wall = Instant.now().getEpochSecond();
        Files.write(train, TfRecords.frame(TfRecords.simpleValueEvent(wall + 10, 40, "loss", 0.02f)),
                StandardOpenOption.APPEND);
        Files.write(train, TfRecords.frame(TfRecords.simpleValueEvent(wall + 20, 50, "loss", 0.01f)),
                StandardOpenOption.APPEND);
        JobProgress next = reading.poll(target(out, null, 600L), NOW.plusSeconds(10)).progress().orElseThrow();

        assertThat(unchanged.progress()).isEmpty();
        assertThat(unchanged.bytesRead()).isZero();
        assertThat(next.step()).isEqualTo(50);
        assertThat(next.points()).containsExactly(new ScalarPoint("train/loss", 40, 0.019999999552965164),
                new ScalarPoint("train/loss", 50, 0.009999999776482582));
        assertThat(next.scalars().get("train/loss")).isCloseTo(0.01, within(1e-6));
        assertThat(next.scalars()).containsKey("eval/accuracy");
        assertThat(next.stepsPerSecond()).isCloseTo(1.0, within(1e-3)); // 10 steps in 10 s of wall time
        assertThat(next.finishEta()).isEqualTo(NOW.plusSeconds(10).plusSeconds(550));
    }

    @Test
    void anOutputLocationThatIsNotLocalIsReadFromTheSandboxsProgressFile() throws IOException {
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Path file = Files.copy(TfRecords.fixtures().resolve("progress.jsonl"), sandbox.resolve("progress.jsonl"));
        JobReading reading = new JobReading(LIMITS);

        JobProgress first = published(reading, target(null, sandbox, null), NOW).progress().orElseThrow();
        Files.writeString(file, "{\"step\": 300, \"time\": 1700000020.0, \"lo", StandardOpenOption.APPEND);
        JobReading.Polled partial = reading.poll(target(null, sandbox, null), NOW.plusSeconds(5));
        Files.writeString(file, "ss\": 0.005}\n", StandardOpenOption.APPEND);
        JobProgress completed = reading.poll(target(null, sandbox, null), NOW.plusSeconds(10)).progress().orElseThrow();

        assertThat(first.source()).isEqualTo(ProgressSource.PROGRESS_FILE);
        assertThat(first.step()).isEqualTo(200);
        assertThat(first.totalSteps()).isEqualTo(1000);
        assertThat(first.stepsPerSecond()).isEqualTo(10.0);
        assertThat(first.finishEta()).isEqualTo(NOW.plusSeconds(80));
        assertThat(first.scalars()).containsEntry("loss", 0.01);
        assertThat(first.points()).extracting(ScalarPoint::tag).contains("loss");
        assertThat(partial.progress()).isEmpty();
        assertThat(completed.step()).isEqualTo(300);
        assertThat(completed.points()).containsExactly(new ScalarPoint("loss", 300, 0.005));
    }

    @Test
    void anOutputDirWithoutEventFilesFallsBackToTheProgressFileUntilEventFilesAppear() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Files.copy(TfRecords.fixtures().resolve("progress.jsonl"), sandbox.resolve("progress.jsonl"));
        JobReading reading = new JobReading(LIMITS);

        JobProgress fromFile = published(reading, target(out, sandbox, 600L), NOW).progress().orElseThrow();
        TfRecords.copyOutput(out);
        JobProgress fromEvents = reading.poll(target(out, sandbox, 600L), NOW.plusSeconds(5)).progress().orElseThrow();

        assertThat(fromFile.source()).isEqualTo(ProgressSource.PROGRESS_FILE);
        assertThat(fromFile.totalSteps()).isEqualTo(600); // the context wins over the file's total
        assertThat(fromEvents.source()).isEqualTo(ProgressSource.TENSORBOARD);
        assertThat(fromEvents.step()).isEqualTo(30);
        assertThat(fromEvents.scalars()).doesNotContainKey("loss");
    }

    @Test
    void nothingIsReportedBeforeAnythingIsWritten() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));

        assertThat(new JobReading(LIMITS).poll(target(out, sandbox, 600L), NOW).progress()).isEmpty();
    }

    @Test
    void aCheckpointAloneIsNewsWorthPublishing() throws IOException {
        Path out = TfRecords.copyOutput(dir.resolve("out"));
        JobReading reading = new JobReading(LIMITS);
        published(reading, target(out, null, 600L), NOW);

        Files.writeString(out.resolve("checkpoints/checkpoint"), "model_checkpoint_path: \"ckpt-40\"\n");
        JobProgress next = reading.poll(target(out, null, 600L), NOW.plusSeconds(5)).progress().orElseThrow();

        assertThat(next.checkpointStep()).isEqualTo(40);
        assertThat(next.points()).isEmpty();
    }

    Path progressFile(String... lines) throws IOException {
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Files.writeString(sandbox.resolve("progress.jsonl"), String.join("\n", lines) + "\n");
        return sandbox;
    }

    @Test
    void anOfferThatWasNotPublishedIsOfferedAgainWithWhatWasReadSince() throws IOException {
        Path sandbox = progressFile("{\"step\": 1, \"loss\": 0.5}");
        JobReading reading = new JobReading(LIMITS);

        JobProgress failed = reading.poll(target(null, sandbox, null), NOW).progress().orElseThrow();
        JobProgress again = reading.poll(target(null, sandbox, null), NOW.plusSeconds(5)).progress().orElseThrow();
        Files.writeString(sandbox.resolve("progress.jsonl"), "{\"step\": 2, \"loss\": 0.25}\n",
                StandardOpenOption.APPEND);
        JobProgress more = reading.poll(target(null, sandbox, null), NOW.plusSeconds(10)).progress().orElseThrow();
        reading.confirm(more);
        JobReading.Polled after = reading.poll(target(null, sandbox, null), NOW.plusSeconds(15));

        assertThat(failed.points()).containsExactly(new ScalarPoint("loss", 1, 0.5));
        assertThat(again.points()).isEqualTo(failed.points());
        assertThat(again.step()).isEqualTo(1);
        assertThat(more.points()).containsExactly(new ScalarPoint("loss", 1, 0.5), new ScalarPoint("loss", 2, 0.25));
        assertThat(after.progress()).isEmpty();
    }

    @Test
    void confirmingAnOlderOfferChangesNothing() throws IOException {
        Path sandbox = progressFile("{\"step\": 1, \"loss\": 0.5}");
        JobReading reading = new JobReading(LIMITS);

        JobProgress stale = reading.poll(target(null, sandbox, null), NOW).progress().orElseThrow();
        JobProgress current = reading.poll(target(null, sandbox, null), NOW.plusSeconds(5)).progress().orElseThrow();
        reading.confirm(stale);

        assertThat(reading.poll(target(null, sandbox, null), NOW.plusSeconds(10)).progress()).isPresent();
        reading.confirm(current); // stale too by now: a poll came between
        assertThat(reading.poll(target(null, sandbox, null), NOW.plusSeconds(15)).progress()).isPresent();
    }

    @Test
    void onlyTheFirstMaxTagsTagsAreKeptAndTheOthersValuesAreCounted() throws IOException {
        Path sandbox = progressFile("{\"step\": 1, \"loss\": 0.5, \"acc\": 0.1}",
                "{\"step\": 2, \"loss\": 0.4, \"lr\": 0.01, \"zeta\": 3}", "{\"step\": 3, \"lr\": 0.02}");
        JobReading reading = new JobReading(new JobReading.Limits(4 << 20, 100, 4, 2000, 2));

        JobReading.Polled polled = reading.poll(target(null, sandbox, null), NOW);

        JobProgress progress = polled.progress().orElseThrow();
        assertThat(progress.scalars()).containsOnlyKeys("acc", "loss");
        assertThat(progress.points()).extracting(ScalarPoint::tag).containsOnly("acc", "loss");
        assertThat(polled.droppedScalars()).isEqualTo(3);
    }

    @Test
    void tagsWithControlCharactersAreDropped() throws IOException {
        Path sandbox = progressFile("{\"step\": 1, \"loss\": 0.5, \"\\u001b[31mred\": 1, \"a\\u0007b\": 2}");
        JobReading reading = new JobReading(LIMITS);

        JobReading.Polled polled = reading.poll(target(null, sandbox, null), NOW);

        assertThat(polled.progress().orElseThrow().scalars()).containsOnlyKeys("loss");
        assertThat(polled.progress().orElseThrow().points()).extracting(ScalarPoint::tag).containsOnly("loss");
        assertThat(polled.droppedScalars()).isEqualTo(2);
    }
}
