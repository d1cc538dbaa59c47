package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each role means to TensorFlow and to MesoFlow, in one table. */
class RoleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "CHIEF       | chief     | true  | true  | true  | 1    | 0 | true",
            "PS          | ps        | true  | true  | false | 1000 | 0 | true",
            "WORKER      | worker    | true  | true  | true  | 1000 | 0 | true",
            "GPU_WORKER  | worker    | true  | true  | true  | 1000 | 1 | true",
            "EVALUATOR   | evaluator | false | true  | false | 1    | 0 | false",
            "TENSORBOARD | -         | false | false | false | 1    | 0 | true",
    })
    void roleSemantics(Role role, String tfJob, boolean inCluster, boolean readsTfConfig, boolean trainer,
                       int maxCount, int minGpus, boolean servesPort) {
        assertThat(role.tfJob().orElse(null)).isEqualTo(tfJob);
        assertThat(role.inTrainingCluster()).isEqualTo(inCluster);
        assertThat(role.readsTfConfig()).isEqualTo(readsTfConfig);
        assertThat(role.isTrainer()).isEqualTo(trainer);
        assertThat(role.maxCount()).isEqualTo(maxCount);
        assertThat(role.minGpus()).isEqualTo(minGpus);
        assertThat(role.servesPort()).isEqualTo(servesPort);
        assertThat(Role.fromWireName(role.wireName())).isEqualTo(role);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "worker-2       | worker-2",
            "gpu_worker-0   | gpu_worker-0",
            "worker-02      | -",
            "worker-x       | -",
            "wizard-1       | -",
            "worker         | -",
            "-              | -",
    })
    void onlyCanonicalTaskNamesParseFromTheWire(String name, String parsed) {
        assertThat(TaskName.tryParse(name).map(TaskName::toString).orElse(null)).isEqualTo(parsed);
    }
}
