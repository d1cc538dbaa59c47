package io.mesoflow.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesValuesEncryptedAndReadsThemBack() throws Exception {
        LocalSecretStore store = new LocalSecretStore(dir);
        store.put("teams/ml/gcs#key", "plain-value-123");

        assertThat(store.get("teams/ml/gcs#key")).hasValue("plain-value-123");
        assertThat(store.get("teams/ml/none")).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).allSatisfy(f -> {
                assertThat(Files.readString(f)).doesNotContain("plain-value-123");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            });
        }
    }

    @Test
    void listsNamesOnlyAndDeletes() {
        LocalSecretStore store = new LocalSecretStore(dir);
        store.put("teams/ml/b", "1");
        store.put("teams/ml/a#k", "2");

        assertThat(store.list()).containsExactly("teams/ml/a#k", "teams/ml/b");
        assertThat(store.delete("teams/ml/b")).isTrue();
        assertThat(store.delete("teams/ml/b")).isFalse();
        assertThat(store.list()).containsExactly("teams/ml/a#k");
    }

    @Test
    void aFileMovedToAnotherNameDoesNotOpen() throws Exception {
        LocalSecretStore store = new LocalSecretStore(dir);
        store.put("teams/ml/a", "value-a");
        store.put("teams/cv/b", "value-b");
        Path a = dir.resolve("values").resolve(java.util.HexFormat.of().formatHex("teams/ml/a".getBytes()));
        Path b = dir.resolve("values").resolve(java.util.HexFormat.of().formatHex("teams/cv/b".getBytes()));
        Files.copy(a, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store.get("teams/cv/b")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("value-a");
    }

    @Test
    void namesThatCouldEscapeAreRefused() {
        assertThatThrownBy(() -> new LocalSecretStore(dir).put("../etc/passwd", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
