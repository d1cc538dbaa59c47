package io.mesoflow.api.service;

import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the logs endpoint shows of a task attempt's output: one file, or both in labelled sections
 * ({@link LogSections}), read once or followed until the attempt ends. {@link TaskLogs} reads the files.
 */
@ApplicationScoped
public class TaskOutput {
    @Inject
    TaskLogs logs;

    @Inject
    ApiConfig config;

    /**
     * The text read and where each file's part of it ends (the offset to read that file on from).
     *
     * @param ends file name to offset, in the order shown
     */
    public record Snapshot(String text, Map<String, Long> ends) {
    }

    /**
     * Where each file of {@code stream} is read from: {@code offset} when given, else {@code tail}
     * bytes before the file's end.
     */
    public Map<String, Long> starts(TaskAttemptEntity attempt, LogStream stream, long tail, Long offset) {
        Map<String, Long> starts = new LinkedHashMap<>();
        for (String file : stream.files()) {
            starts.put(file, offset != null ? offset : Math.max(0, logs.size(attempt, file) - Math.max(0, tail)));
        }
        return starts;
    }

    /** The files from {@code starts} to their ends now. */
    public Snapshot read(TaskAttemptEntity attempt, LogStream stream, Map<String, Long> starts) {
        LogSections sections = LogSections.of(stream);
        StringBuilder text = new StringBuilder();
        Map<String, Long> ends = new LinkedHashMap<>();
        starts.forEach((file, start) -> {
            TaskLogs.Chunk chunk = logs.read(attempt, file, start, -1);
            text.append(sections.append(file, chunk.data()));
            ends.put(file, chunk.end());
        });
        return new Snapshot(text.toString(), ends);
    }

    /**
     * Writes the files from {@code starts} to {@code out} as they grow, until the attempt has ended
     * and nothing more was written; each file's first section is written at once (its header even
     * when empty), later ones as they come.
     */
    public void follow(TaskAttemptEntity attempt, LogStream stream, Map<String, Long> starts, OutputStream out)
            throws IOException {
        LogSections sections = LogSections.of(stream);
        Map<String, Long> positions = new LinkedHashMap<>(starts);
        boolean first = true;
        boolean ended = false;
        while (true) {
            boolean grew = false;
            for (Map.Entry<String, Long> position : positions.entrySet()) {
                TaskLogs.Chunk chunk = logs.read(attempt, position.getKey(), position.getValue(), -1);
                if (first || !chunk.data().isEmpty()) {
                    out.write(sections.append(position.getKey(), chunk.data()).getBytes(StandardCharsets.UTF_8));
                    position.setValue(chunk.end());
                    grew |= !chunk.data().isEmpty();
                }
            }
            out.flush();
            first = false;
            if (grew) {
                continue;
            }
            if (ended) {
                return;
            }
            ended = hasEnded(attempt);
            if (!ended && !pause()) {
                return;
            }
        }
    }

    private static boolean hasEnded(TaskAttemptEntity attempt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskAttemptEntity now = TaskAttemptEntity.findById(attempt.id);
            return now == null || now.state.isTerminal();
        });
    }

    /** Waits one follow interval; false when interrupted. */
    private boolean pause() {
        try {
            Thread.sleep(config.logs().followInterval().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
