package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliJvmTest {
    @Test
    void theFirstRunRecordsTheArchiveUnderItsOwnNameItIsRenamedOnceItExitedAndARebuiltJarIsRecordedAgain(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("mesoflow.jar"), "a jar");

        List<String> first = CliJvm.command(jar);
        String recording = first.stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
        Path written = Path.of(recording.substring(recording.indexOf('=') + 1));
        assertThat(first).endsWith("-jar", jar.toString()).contains("-XX:TieredStopAtLevel=1", "-Xshare:auto");
        assertThat(CliJvm.command(jar)).as("one recording per JVM: none while the first has not written it")
                .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit=") || o.startsWith("-XX:SharedArchiveFile="));

        assertThat(written.getFileName().toString()).as("recorded under a name of its own")
                .startsWith("mesoflow-").doesNotEndWith(".jsa");

        Files.writeString(written, "a recording being written");
        assertThat(CliJvm.command(jar)).as("a recording is not mapped while its JVM runs")
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        CliJvm.exited(CliJvm.command(jar)); // another run ends: not the one that records
        assertThat(written).exists();
        CliJvm.exited(first);
        Path archive = written.resolveSibling(written.getFileName().toString().replaceAll("\\.recording-\\d+$", ""));
        assertThat(written).doesNotExist();
        assertThat(archive.getFileName().toString()).endsWith(".jsa");
        assertThat(archive).hasContent("a recording being written");
        assertThat(CliJvm.command(jar)).contains("-XX:SharedArchiveFile=" + archive);

        Files.writeString(jar, "a rebuilt, longer jar");
        assertThat(CliJvm.command(jar)).as("an archive is named after its jar's size and time")
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        Files.delete(archive);
    }
}
