package io.mesoflow.launcher.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

/** For ITs: a task script that writes the fixture output directory into $MESOFLOW_OUTPUT_DIR. */
public final class TfRecordFixtures {
    private TfRecordFixtures() {
    }

    /**
     * A shell script that writes every fixture file (real TensorFlow's event files and checkpoint state)
     * into {@code $MESOFLOW_OUTPUT_DIR}, waits 3 s, appends {@code loss} 0.02 at step 40 to the train
     * run's event file, then sleeps until killed.
     */
    public static String writerScript() throws IOException {
        Path source = TfRecords.fixtures().resolve("output");
        StringBuilder script = new StringBuilder("set -e\ncd \"$MESOFLOW_OUTPUT_DIR\"\n");
        String trainFile = null;
        try (Stream<Path> all = Files.walk(source)) {
            for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
                String relative = source.relativize(file).toString();
                if (relative.startsWith("train/")) {
                    trainFile = relative;
                }
                script.append("mkdir -p \"$(dirname '").append(relative).append("')\"\n")
                        .append("echo '").append(Base64.getEncoder().encodeToString(Files.readAllBytes(file)))
                        .append("' | base64 -d > '").append(relative).append("'\n");
            }
        }
        byte[] next = TfRecords.frame(TfRecords.simpleValueEvent(Instant.now().getEpochSecond() + 3600, 40, "loss",
                0.02f));
        script.append("sleep 3\necho '").append(Base64.getEncoder().encodeToString(next)).append("' | base64 -d >> '")
                .append(trainFile).append("'\nexec sleep 120\n");
        return script.toString();
    }
}
