package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.Role;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Files shaped like the DC/OS beta-tensorflow package's cifar-single.json and cifar-multiple.json. */
class DcosOptionsTranslatorTest {
    static JsonNode options(String file) throws Exception {
        try (InputStream in = DcosOptionsTranslatorTest.class.getResourceAsStream("/dcos/" + file)) {
            return EventCodec.mapper().readTree(in);
        }
    }

    @Test
    void cifarSingleBecomesOneGpuWorkerJob() throws Exception {
        DcosOptionsTranslator.Translation t = DcosOptionsTranslator.translate(options("cifar-single.json"));
        JobSpec spec = JobSpecParserTest.permissive().parse(t.spec(), "cifar-single-1");

        assertThat(spec.name()).isEqualTo("cifar-single");
        assertThat(spec.artifactUrl()).isEqualTo("https://downloads.example.org/tensorflow-dcos/examples/cifar.zip");
        assertThat(spec.entryPoint()).isEqualTo("cd 'cifar10_estimator' && python3 'cifar10_main.py'");
        assertThat(spec.context()).containsEntry("train_steps", 1000).containsEntry("num_gpus", 1);
        assertThat(spec.outputDir()).isEqualTo("gs://bucket/cifar-demo/single");
        assertThat(spec.role(Role.GPU_WORKER).count()).isEqualTo(1);
        assertThat(spec.role(Role.GPU_WORKER).gpus()).isEqualTo(1);
        assertThat(spec.role(Role.GPU_WORKER).memMb()).isEqualTo(8192);
        assertThat(spec.role(Role.WORKER).count()).isZero();
        assertThat(spec.role(Role.PS).count()).isZero();
        assertThat(spec.tensorboard()).isFalse();
        assertThat(t.warnings()).contains("service.tf_image has no MesoFlow equivalent and was ignored");
    }

    @Test
    void cifarMultipleBecomesPsWorkersGpuWorkersAndTensorboard() throws Exception {
        DcosOptionsTranslator.Translation t = DcosOptionsTranslator.translate(options("cifar-multiple.json"));
        JobSpec spec = JobSpecParserTest.permissive().parse(t.spec(), "x-1");

        assertThat(spec.name()).isEqualTo("dev-tensorflow-cifar-multiple");
        assertThat(spec.role(Role.PS).count()).isEqualTo(1);
        assertThat(spec.role(Role.PS).memMb()).isEqualTo(2048);
        assertThat(spec.role(Role.WORKER).count()).isEqualTo(2);
        assertThat(spec.role(Role.GPU_WORKER).count()).isEqualTo(2);
        assertThat(spec.tensorboard()).isTrue();
        assertThat(spec.role(Role.TENSORBOARD).cpus()).isEqualTo(1);
        assertThat(t.warnings()).contains("worker.port was ignored (MesoFlow takes ports from offers and uses the "
                + "sandbox disk)");
    }

    @Test
    void aPlaintextGcsKeyIsRefused() throws Exception {
        ObjectNode options = (ObjectNode) options("cifar-single.json");
        ((ObjectNode) options.get("service")).put("gcs_key", "{\"private_key\": \"...\"}");

        assertThatThrownBy(() -> DcosOptionsTranslator.translate(options))
                .isInstanceOfSatisfying(SpecValidationException.class, e ->
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("service.gcs_key"));
    }

    @Test
    void aJobContextThatIsNotJsonIsNamed() throws Exception {
        ObjectNode options = (ObjectNode) options("cifar-single.json");
        ((ObjectNode) options.get("service")).put("job_context", "{not json");

        assertThatThrownBy(() -> DcosOptionsTranslator.translate(options))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("service.job_context", "is not valid JSON")));
    }
}
