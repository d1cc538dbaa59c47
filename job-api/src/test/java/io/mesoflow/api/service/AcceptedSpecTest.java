package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.api.spec.Confinement;
import io.mesoflow.api.spec.JobSpecParser;
import io.mesoflow.events.EventCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptedSpecTest {
    private final JobSpecParser parser = new JobSpecParser(new Confinement("/out", Map.of("vision", "/data/vision"),
            Map.of(), List.of()));

    private AcceptedSpec accepted(String json) throws Exception {
        ObjectNode request = (ObjectNode) EventCodec.mapper().readTree(json);
        return new AcceptedSpec(request, parser.parse(request, AcceptedSpec.PROVISIONAL_ID));
    }

    private static String spec(String extra) {
        return "{\"name\": \"mnist\", \"artifactUrl\": \"https://example.org/train.py\", "
                + "\"entryPoint\": \"python3 train.py\", \"roles\": {\"worker\": {\"count\": 1}}" + extra + "}";
    }

    @Test
    void aJobThatNamesNoOutputDirWritesToItsOwnFolderInItsTeamsRoot() throws Exception {
        assertThat(accepted(spec(", \"team\": \"ml\"")).forJob("mnist-0a1b2c3d").outputDir())
                .isEqualTo("/out/ml/mnist-0a1b2c3d");
        assertThat(accepted(spec(", \"team\": \"vision\"")).forJob("mnist-0a1b2c3d").outputDir())
                .as("a team with a root of its own").isEqualTo("/data/vision/mnist-0a1b2c3d");
    }

    @Test
    void aNamedOutputDirIsTheJobsWhateverItsId() throws Exception {
        AcceptedSpec accepted = accepted(spec(", \"team\": \"ml\", \"outputDir\": \"runs/" + AcceptedSpec.PROVISIONAL_ID
                + "\""));

        assertThat(accepted.forJob("mnist-0a1b2c3d").outputDir())
                .isEqualTo("/out/ml/runs/" + AcceptedSpec.PROVISIONAL_ID);
    }

    @Test
    void everythingButTheDefaultOutputDirIsTheSpecAsRead() throws Exception {
        AcceptedSpec accepted = accepted(spec(", \"team\": \"ml\", \"priority\": 5, \"image\": \"tf/tf:2.16\", "
                + "\"python\": {\"requirements\": [\"tensorflow-cpu\"]}, \"artifactSha256\": \"" + "a".repeat(64) + "\""));

        assertThat(accepted.forJob("mnist-0a1b2c3d")).usingRecursiveComparison().ignoringFields("outputDir")
                .isEqualTo(accepted.spec());
        assertThat(accepted.forJob("mnist-0a1b2c3d").python().requirements()).containsExactly("tensorflow-cpu");
        assertThat(accepted.forJob("mnist-0a1b2c3d").image()).isEqualTo("tf/tf:2.16");
    }
}
