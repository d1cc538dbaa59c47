package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveFormatTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "train.zip, ZIP",
        "ENV.ZIP, ZIP",
        "venv.tar.gz, TAR_GZ",
        "venv.tgz, TAR_GZ",
        "venv.tar, TAR",
        "train.py, NONE",
        "run.sh, NONE",
        "model.gz, NONE",
        "venv.tar.bz2, NONE",
        "zip, NONE",
    })
    void tellsTheFormatByName(String name, ArchiveFormat format) {
        assertThat(ArchiveFormat.of(name)).isEqualTo(format);
        assertThat(format.isArchive()).isEqualTo(format != ArchiveFormat.NONE);
    }
}
