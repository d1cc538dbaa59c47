package io.mesoflow.launcher.progress;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * A bounded walk of a job's output directory for what TensorFlow writes about progress: event files
 * ({@code events.out.tfevents.*}) and checkpoint state files ({@code checkpoint}). At most
 * {@code maxDepth} directories down and {@code maxEntries} entries looked at (an output directory can
 * hold a data set or an exported model), following no symbolic link (the task's user owns the
 * directory and could link another team's files). A root that is itself reached through a link is
 * not walked.
 */
public final class OutputDirScan {
    public static final String EVENT_FILE_PREFIX = "events.out.tfevents.";
    public static final String CHECKPOINT_STATE = "checkpoint";

    /** What the walk found, event files sorted by path. */
    public record Found(List<Path> eventFiles, List<Path> checkpointStates) {
        static final Found NONE = new Found(List.of(), List.of());
    }

    private OutputDirScan() {
    }

    public static Found scan(Path root, int maxDepth, int maxEntries) {
        try {
            Path absolute = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS) || !absolute.toRealPath().equals(absolute)) {
                return Found.NONE;
            }
            List<Path> events = new ArrayList<>();
            List<Path> states = new ArrayList<>();
            int[] seen = {0};
            Files.walkFileTree(absolute, EnumSet.noneOf(java.nio.file.FileVisitOption.class), maxDepth,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (++seen[0] > maxEntries) {
                                return FileVisitResult.TERMINATE;
                            }
                            String name = file.getFileName().toString();
                            if (attrs.isRegularFile() && name.startsWith(EVENT_FILE_PREFIX)) {
                                events.add(file);
                            } else if (attrs.isRegularFile() && name.equals(CHECKPOINT_STATE)) {
                                states.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return ++seen[0] > maxEntries ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE; // unreadable or gone meanwhile
                        }
                    });
            Collections.sort(events);
            return new Found(List.copyOf(events), List.copyOf(states));
        } catch (IOException e) {
            return Found.NONE;
        }
    }
}
