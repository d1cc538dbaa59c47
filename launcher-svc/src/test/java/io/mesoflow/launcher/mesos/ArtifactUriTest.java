package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Mesos fetcher is asked to do with each kind of artifact. */
class ArtifactUriTest {
    static final String SHA = "ab".repeat(32);

    @ParameterizedTest(name = "{0} pinned={1}: extract={2} executable={3} cache={4} output_file={5}")
    @CsvSource(nullValues = "none", value = {
        "https://repo/env.zip,          false, true,  false, true,  none",
        "https://repo/env.tar.gz,       false, true,  false, true,  none",
        "http://repo/env.tgz,           false, true,  false, true,  none",
        "https://repo/env.tar,          false, true,  false, true,  none",
        "https://repo/train.sh,         false, false, true,  true,  none",
        "https://repo/env.zip,          true,  true,  false, false, none",
        "https://repo/train.py,         true,  false, true,  false, none",
        "file:///srv/examples/env.zip,  false, true,  false, false, none",
        "https://repo/env.zip?token=x,  false, true,  false, false, env.zip",
        "https://repo/run.sh#v2,        false, false, true,  false, run.sh",
    })
    void asksTheFetcherForWhatTheArtifactNeeds(String url, boolean pinned, boolean extract, boolean executable,
                                               boolean cache, String outputFile) {
        LaunchSpec launch = new LaunchSpec(url, "./run.sh", Map.of(), "/out", Map.of(), List.of(), "ml", null, null,
                null, pinned ? SHA : null);

        Protos.CommandInfo.URI uri = ArtifactUri.of(launch);

        assertThat(uri.getValue()).isEqualTo(url);
        assertThat(uri.hasExtract()).as("extract is set either way: it defaults to true").isTrue();
        assertThat(uri.getExtract()).isEqualTo(extract);
        assertThat(uri.getExecutable()).isEqualTo(executable);
        assertThat(uri.getCache()).isEqualTo(cache);
        assertThat(uri.hasOutputFile() ? uri.getOutputFile() : null).isEqualTo(outputFile);
    }
}
