package io.mesoflow.launcher.progress;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Names scalars by their run, as TensorBoard does: a scalar {@code loss} from an event file in the
 * output directory's subdirectory {@code train} is {@code train/loss}; one from a file directly in the
 * output directory keeps its own tag. The job's step is the largest step among scalars outside
 * evaluation runs: a run any of whose directories starts with {@code eval}, {@code validation} or
 * {@code test} (case-insensitive) is an evaluation run (evaluators score checkpoints on their own
 * schedule, so their steps say nothing about how far training has come).
 */
public final class RunNames {
    private static final String[] EVALUATION = {"eval", "validation", "test"};

    private RunNames() {
    }

    /** The run of an event file: its directory relative to the output directory, "" for the directory itself. */
    public static String runOf(Path outputDir, Path eventFile) {
        Path dir = outputDir.relativize(eventFile).getParent();
        return dir == null ? "" : dir.toString().replace('\\', '/');
    }

    /** A scalar's tag as the job reports it: {@code <run>/<tag>}, or {@code <tag>} for the root run. */
    public static String tag(String run, String tag) {
        return run.isEmpty() ? tag : run + "/" + tag;
    }

    /** Whether scalars of {@code run} count towards the job's step (not an evaluation run). */
    public static boolean countsForStep(String run) {
        for (String part : run.toLowerCase(Locale.ROOT).split("/")) {
            for (String evaluation : EVALUATION) {
                if (part.startsWith(evaluation)) {
                    return false;
                }
            }
        }
        return true;
    }
}
