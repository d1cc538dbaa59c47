package io.mesoflow.launcher.progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorFlow's {@code checkpoint} state file (text protobuf, written by {@code tf.train.CheckpointManager}
 * and {@code tf.compat.v1.train.Saver}): {@code model_checkpoint_path: "ckpt-3000"} names the latest
 * checkpoint, whose step is the {@code -N} suffix; the file's modification time is when it was written.
 */
public final class CheckpointState {
    /** The longest state file read (it lists at most a few dozen paths). */
    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern LATEST = Pattern.compile("(?m)^\\s*model_checkpoint_path:\\s*\"([^\"]*)\"");
    private static final Pattern STEP = Pattern.compile("-(\\d{1,18})$");

    /** The latest checkpoint's step and when the state file naming it was written. */
    public record Checkpoint(long step, Instant at) {
    }

    private CheckpointState() {
    }

    /** The step of the latest checkpoint a state file's text names; empty when it names none with a step. */
    public static OptionalLong latestStep(String text) {
        Matcher latest = LATEST.matcher(text);
        if (!latest.find()) {
            return OptionalLong.empty();
        }
        Matcher step = STEP.matcher(latest.group(1));
        return step.find() ? OptionalLong.of(Long.parseLong(step.group(1))) : OptionalLong.empty();
    }

    /** The newest checkpoint among these state files (latest step, then latest write); empty when none names one. */
    public static Optional<Checkpoint> newest(Collection<Path> stateFiles) {
        Checkpoint best = null;
        for (Path file : stateFiles) {
            Checkpoint seen = read(file);
            if (seen != null && (best == null || seen.step() > best.step()
                    || (seen.step() == best.step() && seen.at().isAfter(best.at())))) {
                best = seen;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Checkpoint read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                return null;
            }
            Instant at = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
            OptionalLong step = latestStep(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            return step.isPresent() ? new Checkpoint(step.getAsLong(), at) : null;
        } catch (IOException e) {
            return null; // being replaced (TensorFlow writes it to a temporary file and renames it)
        }
    }
}
