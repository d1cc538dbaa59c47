package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointStateTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "model_checkpoint_path: \"ckpt-3000\"                        | 3000",
        "model_checkpoint_path: \"/out/checkpoints/model.ckpt-42\"   | 42",
        "all_model_checkpoint_paths: \"ckpt-1\"                      | null",
        "model_checkpoint_path: \"final\"                            | null",
        "''                                                         | null",
    })
    void theLatestStepIsTheSuffixOfModelCheckpointPath(String text, Long step) {
        OptionalLong found = CheckpointState.latestStep(text);
        assertThat(found.isPresent() ? found.getAsLong() : null).isEqualTo(step);
    }

    @Test
    void readsTheStateFileThatCheckpointManagerWrote() throws IOException {
        Path state = Files.copy(TfRecords.fixtures().resolve("output/checkpoints/checkpoint"), dir.resolve("checkpoint"));
        Instant written = Instant.parse("2025-03-01T10:00:00Z");
        Files.setLastModifiedTime(state, FileTime.from(written));

        CheckpointState.Checkpoint found = CheckpointState.newest(List.of(state)).orElseThrow();

        assertThat(found.step()).isEqualTo(30);
        assertThat(found.at()).isEqualTo(written);
    }

    @Test
    void amongSeveralStateFilesTheHighestStepWins() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path low = Files.writeString(a.resolve("checkpoint"), "model_checkpoint_path: \"ckpt-100\"\n");
        Path high = Files.writeString(b.resolve("checkpoint"), "model_checkpoint_path: \"ckpt-200\"\n");
        Files.setLastModifiedTime(high, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));

        assertThat(CheckpointState.newest(List.of(low, high)).orElseThrow().step()).isEqualTo(200);
        assertThat(CheckpointState.newest(List.of(dir.resolve("none")))).isEmpty();
    }
}
