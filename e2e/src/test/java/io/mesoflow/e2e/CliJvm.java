package io.mesoflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the end-to-end tests run the CLI jar with: those of the {@code cli/mesoflow} wrapper a
 * user runs ({@code -XX:TieredStopAtLevel=1 -Xshare:auto}), the serial collector, and a dynamic class-data
 * sharing archive of the CLI's classes. The first run of a test JVM records the archive when it exits
 * ({@code -XX:ArchiveClassesAtExit}); every later run maps it: a CLI start took ~1.25 CPU-s plain and ~0.5
 * with these options, and a class runs the CLI some 30 times. The archive is named after the jar's size and
 * time, so a rebuilt jar is recorded again; the JVM itself ignores an archive that does not match
 * ({@code -Xshare:auto}). The recording is written under a name of its own and renamed to the archive's
 * ({@link #exited}, atomic) once its JVM has exited: a run killed while it writes, or another test JVM
 * starting meanwhile, never sees half an archive under the archive's name. JVM warnings go to stderr, so
 * stdout stays the CLI's output alone, except the archive's own (a recording lists every class it leaves
 * out: picocli's are Java 5 class files).
 */
final class CliJvm {
    private static final String RECORD = "-XX:ArchiveClassesAtExit=";
    private static final String RECORDING = ".recording-";
    private static boolean recorded;

    private CliJvm() {
    }

    /** {@code java <options> -jar <jar>}: the command a CLI run starts with. */
    static synchronized List<String> command(Path jar) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning,cds*=off:stderr"));
        Path archive = archive(jar);
        if (Files.isRegularFile(archive)) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
        } else if (!recorded) {
            recorded = true; // one recording per test JVM: a failed one is not tried again
            command.addAll(List.of(RECORD + archive + RECORDING + ProcessHandle.current().pid(), "-Xshare:auto"));
        } else {
            command.add("-Xshare:auto");
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /**
     * To call once the JVM {@code command} started has exited: when it recorded the archive, the recording
     * gets the archive's name (an atomic rename; a failed run's recording is left where it is, unused).
     */
    static void exited(List<String> command) {
        command.stream().filter(o -> o.startsWith(RECORD)).map(o -> Path.of(o.substring(RECORD.length())))
                .filter(Files::isRegularFile).findFirst().ifPresent(recording -> {
                    String name = recording.getFileName().toString();
                    Path archive = recording.resolveSibling(name.substring(0, name.lastIndexOf(RECORDING)));
                    try {
                        Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static Path archive(Path jar) {
        try {
            Path dir = Files.createDirectories(Path.of("target/cli-cds").toAbsolutePath());
            return dir.resolve("mesoflow-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
