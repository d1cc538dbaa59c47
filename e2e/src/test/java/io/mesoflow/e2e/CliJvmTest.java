package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliJvmTest {
    @Test
    void theFirstRunRecordsTheArchiveLaterRunsMapItAndARebuiltJarIsRecordedAgain(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("mesoflow.jar"), "a jar");

        List<String> first = CliJvm.command(jar);
        String recording = first.stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
        Path archive = Path.of(recording.substring(recording.indexOf('=') + 1));
        assertThat(first).endsWith("-jar", jar.toString()).contains("-XX:TieredStopAtLevel=1", "-Xshare:auto");
        assertThat(CliJvm.command(jar)).as("one recording per JVM: none while the first has not written it")
                .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit=") || o.startsWith("-XX:SharedArchiveFile="));

        Files.writeString(archive, "recorded");
        assertThat(CliJvm.command(jar)).contains("-XX:SharedArchiveFile=" + archive);

        Files.writeString(jar, "a rebuilt, longer jar");
        assertThat(CliJvm.command(jar)).as("an archive is named after its jar's size and time")
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        Files.delete(archive);
    }
}
