package io.mesoflow.launcher.progress;

import io.mesoflow.events.JobProgress;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.ScalarPoint;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher has read of one running job, and how it reads on: the event files and checkpoint
 * state files of the job's output directory when that is a directory on this host and holds event
 * files (source {@code tensorboard}), else the progress file in the reporting task's sandbox (source
 * {@code progress-file}). Each {@link #poll} reads only what was written since the last one, at most
 * {@code maxBytes}, and offers a {@link JobProgress} only when something changed since the last one
 * {@link #confirm confirmed} (published), with the scalar points seen since then: an offer that is not
 * confirmed (its send failed) is offered again, with what was read since, at the next poll. At most
 * {@code maxTags} scalar tags are kept (the first seen; values of others are dropped and counted), and
 * tags that are not {@link ScalarTags#usable} (control characters, too long) are dropped likewise.
 * Framework-free; used by one thread.
 */
public final class JobReading {
    static final Duration RATE_WINDOW = Duration.ofMinutes(2);
    static final int MAX_PENDING = 10_000;

    /** The reporting task of the job, where its files are and the total its context names (null: none). */
    public record Target(String jobId, String team, String taskName, int attempt, Path outputDir, String sandbox,
                         SandboxFile sandboxFiles, Long contextTotal) {
    }

    /** Bounds of one poll, and the most scalar tags kept per job. */
    public record Limits(long maxBytes, int maxPoints, int maxDepth, int maxEntries, int maxTags) {
    }

    /**
     * What one poll read and decoded, the scalar values it dropped (tag beyond the limit or not usable),
     * and the progress to publish, if anything changed since the last confirmed one.
     */
    public record Polled(Optional<JobProgress> progress, long bytesRead, int recordsDecoded, int corrupt,
                         int droppedScalars) {
    }

    private record Signature(ProgressSource source, long step, Long total, Map<String, Double> scalars,
                             Long checkpointStep) {
    }

    /** The progress last offered, what it says and how many pending points it covered. */
    private record Offer(JobProgress progress, Signature signature, int points) {
    }

    private final Limits limits;
    private final TfRecordReader records = new TfRecordReader();
    private final ScalarBook scalars;
    private StepRate rate = new StepRate(RATE_WINDOW, 64);
    private ProgressSource source;
    private long step = -1;
    private Long fileTotal;
    private CheckpointState.Checkpoint checkpoint;
    private String fileSandbox;
    private long fileOffset;
    private Signature published;
    private Offer offered;

    public JobReading(Limits limits) {
        this.limits = limits;
        this.scalars = new ScalarBook(limits.maxTags(), MAX_PENDING);
    }

    public Polled poll(Target target, Instant now) {
        offered = null; // an offer not confirmed by now was not published: offered again below
        long[] read = {0};
        int[] decoded = {0, 0};
        List<Path> eventFiles = List.of();
        if (target.outputDir() != null) {
            OutputDirScan.Found found = OutputDirScan.scan(target.outputDir(), limits.maxDepth(), limits.maxEntries());
            eventFiles = found.eventFiles();
            CheckpointState.newest(found.checkpointStates()).ifPresent(c -> checkpoint = c);
            readEvents(target.outputDir(), eventFiles, read, decoded);
        }
        if (source != ProgressSource.TENSORBOARD && target.sandbox() != null && target.sandboxFiles() != null) {
            readProgressFile(target, read, decoded);
        }
        return new Polled(changed(target, now), read[0], decoded[0], decoded[1], scalars.takeDropped());
    }

    /**
     * Notes that {@code progress}, the last poll's offer, was published: what it said and its points are
     * not offered again. Anything else (an older offer) is ignored.
     */
    public void confirm(JobProgress progress) {
        if (offered == null || offered.progress() != progress) {
            return;
        }
        published = offered.signature();
        scalars.published(offered.points());
        offered = null;
    }

    private void readEvents(Path outputDir, List<Path> files, long[] read, int[] decoded) {
        for (Path file : files) {
            long budget = limits.maxBytes() - read[0];
            if (budget <= 0) {
                return;
            }
            TfRecordReader.Batch batch;
            try {
                batch = records.read(file, budget);
            } catch (NoSuchFileException e) {
                records.forget(file);
                continue;
            } catch (IOException e) {
                continue; // unreadable now: tried again next poll
            }
            read[0] += batch.bytesRead();
            decoded[1] += batch.corrupt();
            String run = RunNames.runOf(outputDir, file);
            for (byte[] record : batch.records()) {
                TfEventDecoder.TfEvent event;
                try {
                    event = TfEventDecoder.decode(record);
                } catch (IOException e) {
                    decoded[1]++;
                    continue;
                }
                decoded[0]++;
                if (!event.scalars().isEmpty()) {
                    eventScalars(run, event);
                }
            }
        }
    }

    private void eventScalars(String run, TfEventDecoder.TfEvent event) {
        if (source != ProgressSource.TENSORBOARD) {
            source = ProgressSource.TENSORBOARD; // event files win over the progress file from now on
            step = -1;
            rate = new StepRate(RATE_WINDOW, 64);
            scalars.clear();
        }
        for (TfEventDecoder.Scalar scalar : event.scalars()) {
            scalars.add(RunNames.tag(run, scalar.tag()), event.step(), scalar.value());
        }
        if (RunNames.countsForStep(run)) {
            step = Math.max(step, event.step());
            rate.add(event.step(), Instant.ofEpochMilli(Math.round(event.wallTime() * 1000)));
        }
    }

    private void readProgressFile(Target target, long[] read, int[] decoded) {
        if (!target.sandbox().equals(fileSandbox)) {
            fileSandbox = target.sandbox(); // a new attempt: its own file
            fileOffset = 0;
        }
        int length = (int) Math.min(limits.maxBytes() - read[0], 1 << 20);
        if (length <= 0) {
            return;
        }
        Optional<SandboxFile.Chunk> chunk;
        try {
            chunk = target.sandboxFiles().read(fileSandbox + "/" + ProgressLines.FILE, fileOffset, length);
        } catch (IOException e) {
            return; // the agent does not answer now: tried again next poll
        }
        if (chunk.isEmpty() || chunk.get().data().isEmpty()) {
            return;
        }
        String data = chunk.get().data();
        ProgressLines.Parsed parsed = ProgressLines.parse(data);
        long bytes = data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        read[0] += bytes;
        // a line longer than one read would never end: skip what was read
        fileOffset = chunk.get().offset() + (parsed.consumedBytes() == 0 && bytes >= length ? bytes
                : parsed.consumedBytes());
        for (ProgressLines.Line line : parsed.lines()) {
            decoded[0]++;
            source = ProgressSource.PROGRESS_FILE;
            if (line.step() < step) {
                rate = new StepRate(RATE_WINDOW, 64); // the task restarted from an earlier step
            }
            step = line.step();
            if (line.totalSteps() != null) {
                fileTotal = line.totalSteps();
            }
            line.metrics().forEach((tag, value) -> scalars.add(tag, line.step(), value));
            if (line.time() != null) {
                rate.add(line.step(), line.time());
            }
        }
    }

    private Optional<JobProgress> changed(Target target, Instant now) {
        if (source == null || step < 0) {
            return Optional.empty();
        }
        Long total = target.contextTotal() != null ? target.contextTotal() : fileTotal;
        Long checkpointStep = checkpoint == null ? null : checkpoint.step();
        Map<String, Double> latest = scalars.latest();
        List<ScalarPoint> pending = scalars.pending();
        Signature current = new Signature(source, step, total, latest, checkpointStep);
        if (current.equals(published) && pending.isEmpty()) {
            return Optional.empty();
        }
        Double perSecond = rate.perSecond();
        List<ScalarPoint> points = PointSampler.sample(pending, limits.maxPoints());
        JobProgress progress = new JobProgress(target.jobId(), target.team(), target.taskName(), target.attempt(),
                source, step, total, perSecond, latest, points, checkpointStep,
                checkpoint == null ? null : checkpoint.at(), TotalSteps.finishEta(now, step, total, perSecond), now);
        offered = new Offer(progress, current, pending.size());
        return Optional.of(progress);
    }

    /** Bytes of event files read so far ({@code file}: for tests). */
    long offset(Path file) {
        return records.offset(file);
    }
}
