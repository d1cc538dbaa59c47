package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryPathTest {
    @ParameterizedTest(name = "''{0}'' is ''{1}''")
    @CsvSource(value = {
        "run.sh|run.sh",
        "venv/bin/python|venv/bin/python",
        "./run.sh|run.sh",
        "a/./b/|a/b",
        "a//b|a/b",
        "./|''",
        "a..b/c..|a..b/c..",
    }, delimiter = '|')
    void aRelativeNameStaysUnderTheFolder(String name, String path) throws Exception {
        assertThat(EntryPath.of(name).toString()).isEqualTo(path);
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(value = {
        "../x|leaves its folder",
        "a/../../x|leaves its folder",
        "a/..|leaves its folder",
        "/etc/passwd|absolute path",
        "//x|absolute path",
    }, delimiter = '|')
    void aNameThatLeavesTheFolderIsRefused(String name, String why) {
        assertThatThrownBy(() -> EntryPath.of(name)).isInstanceOf(UnsafeArchiveException.class).hasMessageContaining(why);
    }

    @org.junit.jupiter.api.Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> EntryPath.of("a\0b")).isInstanceOf(UnsafeArchiveException.class);
    }
}
