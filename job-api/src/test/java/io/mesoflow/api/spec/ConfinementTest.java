package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a team's jobs may write and which local files they may fetch. {@code {tmp}} is a real
 * temporary folder holding {@code outputs/ml} (team ml's root, with links {@code escape} to a
 * folder outside it, {@code inner} to a folder inside it and {@code dangling} to nothing),
 * {@code outputs/cv}, and the artifact root {@code artifacts} (a script, a folder and a link to
 * {@code /etc/shadow}).
 */
class ConfinementTest {
    @TempDir
    static Path tmp;
    static Confinement confinement;

    @BeforeAll
    static void aFileSystemWithLinks() throws IOException {
        tmp = tmp.toRealPath();
        Path ml = Files.createDirectories(tmp.resolve("outputs/ml"));
        Files.createDirectories(tmp.resolve("outputs/cv"));
        Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(ml.resolve("real"));
        Files.createSymbolicLink(ml.resolve("escape"), tmp.resolve("outside"));
        Files.createSymbolicLink(ml.resolve("inner"), ml.resolve("real"));
        Files.createSymbolicLink(ml.resolve("dangling"), tmp.resolve("nowhere"));
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Files.writeString(artifacts.resolve("train.py"), "print('hi')");
        Files.createDirectories(artifacts.resolve("dir"));
        Files.createSymbolicLink(artifacts.resolve("shadow.py"), Path.of("/etc/shadow"));
        Files.createSymbolicLink(artifacts.resolve("up"), tmp);
        confinement = new Confinement(tmp.resolve("outputs").toString(), Map.of(),
                Map.of("ml", List.of("hdfs://nn/ml/", "s3://bucket/ml")), List.of(artifacts.toString()));
    }

    static String at(String text) {
        return text == null ? null : text.replace("{tmp}", tmp.toString());
    }

    @ParameterizedTest(name = "team {0}, outputDir {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
            "ml | ../../../etc                         | -                               | must be under {tmp}/outputs/ml",
            "ml | /etc/cron.d                          | -                               | must be under {tmp}/outputs/ml",
            "ml | {tmp}/outputs/ml/escape/run          | -                               | must be under {tmp}/outputs/ml",
            // lexically {tmp}/outputs/ml/run, but '..' after the link leaves from the link's target
            "ml | {tmp}/outputs/ml/escape/../run       | -                               | must be under",
            "ml | {tmp}/outputs/ml/dangling/run        | -                               | dangling",
            "ml | {tmp}/outputs/cv/run                 | -                               | must be under {tmp}/outputs/ml",
            "ml | {tmp}/outputs/ml2/run                | -                               | must be under",
            "ml | file://evil{tmp}/outputs/ml/run      | -                               | must not name a host",
            "ml | runs/1                               | {tmp}/outputs/ml/runs/1         | -",
            "ml | {tmp}/outputs/ml                     | {tmp}/outputs/ml                | -",
            "ml | {tmp}/outputs/ml/./a/../b            | {tmp}/outputs/ml/b              | -",
            "ml | {tmp}/outputs/ml/inner/run           | {tmp}/outputs/ml/real/run       | -",
            "ml | file://{tmp}/outputs/ml/run          | {tmp}/outputs/ml/run            | -",
            "ml | hdfs://nn/ml/run-1                   | hdfs://nn/ml/run-1              | -",
            "ml | s3://bucket/ml/run-1                 | s3://bucket/ml/run-1            | -",
            "ml | hdfs://nn/ml                         | hdfs://nn/ml                    | -",
            "ml | hdfs://nn/cv/run-1                   | -                               | must be under an output prefix of team 'ml'",
            "ml | hdfs://nn/mlx/run-1                  | -                               | must be under an output prefix",
            "ml | hdfs://nn/ml/../cv/run-1             | -                               | '..' segments",
            "ml | hdfs://nn/ml/%2e%2e/cv               | -                               | '..' segments",
            "ml | hdfs://nn/ml/run?x=1                 | -                               | a query",
            "cv | hdfs://nn/ml/run-1                   | -                               | team 'cv' may not write to remote locations",
    })
    void aLocalOutputDirStaysInTheTeamsRootAndARemoteOneUnderItsPrefixes(String team, String outputDir,
                                                                         String stored, String problem) {
        Confinement.Checked checked = confinement.outputDir(team, at(outputDir));

        assertThat(checked.value()).isEqualTo(at(stored));
        if (problem == null) {
            assertThat(checked.problem()).isNull();
        } else {
            assertThat(checked.problem()).contains(at(problem));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
            "file:///etc/shadow                              | -                                  | allowed roots: [{tmp}/artifacts]",
            "file:///proc/self/environ                       | -                                  | allowed roots: [{tmp}/artifacts]",
            "file://{tmp}/artifacts/shadow.py                | -                                  | allowed roots",
            "file://{tmp}/artifacts/up/outside/x.py          | -                                  | allowed roots",
            "file://{tmp}/artifacts/../outputs/ml/x.py       | -                                  | allowed roots",
            "file://{tmp}/artifacts/%2e%2e/outputs/ml/x.py   | -                                  | allowed roots",
            "file://host{tmp}/artifacts/train.py             | -                                  | must not name a host",
            "file://{tmp}/artifacts/dir                      | -                                  | names a folder",
            "file://{tmp}/artifacts/train.py                 | file://{tmp}/artifacts/train.py    | -",
            "file://localhost{tmp}/artifacts/train.py        | file://{tmp}/artifacts/train.py    | -",
            "file://{tmp}/artifacts/dir/../train.py          | file://{tmp}/artifacts/train.py    | -",
            "file://{tmp}/artifacts/not-yet.zip              | file://{tmp}/artifacts/not-yet.zip | -",
            "https://example.org/job.zip                     | https://example.org/job.zip        | -",
    })
    void aLocalArtifactMustBeAFileUnderAnArtifactRoot(String url, String stored, String problem) {
        Confinement.Checked checked = confinement.artifactUrl(URI.create(at(url)));

        assertThat(checked.value()).isEqualTo(stored == null ? null : URI.create(at(stored)).toString());
        if (problem == null) {
            assertThat(checked.problem()).isNull();
        } else {
            assertThat(checked.problem()).contains(at(problem));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"file:///opt/train.py", "file:///etc/passwd"})
    void withoutArtifactRootsNoLocalFileIsAnArtifact(String url) {
        Confinement none = new Confinement("/out", Map.of(), Map.of(), List.of());

        assertThat(none.artifactUrl(URI.create(url)).problem())
                .contains("local files are not allowed as artifacts here")
                .contains("mesoflow.api.artifacts.roots is empty");
    }

    @ParameterizedTest(name = "team {0}: {1}")
    @CsvSource({"ml, /out/ml/ml-1234", "cv, /data/cv/cv-1234"})
    void aJobWithoutOutputDirWritesInItsTeamsRoot(String team, String expected) {
        Confinement withOwnRoot = new Confinement("/out", Map.of("cv", "/data/cv"), Map.of(), List.of());

        assertThat(withOwnRoot.defaultOutputDir(team, team + "-1234")).isEqualTo(expected);
    }
}
