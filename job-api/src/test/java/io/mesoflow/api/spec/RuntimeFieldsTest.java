package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** image, python, artifactSha256 and the TensorBoard flag/role: what a spec may say a task runs in. */
class RuntimeFieldsTest {
    private static final String BASE = "\"name\":\"a\",\"artifactUrl\":\"file:///a.py\",\"entryPoint\":\"x\"";
    private final JobSpecParser parser = JobSpecParserTest.permissive();

    private JobSpec parse(String fields) {
        return parser.parse(JobSpecParserTest.json("{" + BASE + "," + fields + "}"), "a-1");
    }

    private static List<FieldError> errors(JobSpecParser parser, String fields) {
        try {
            parser.parse(JobSpecParserTest.json("{" + BASE + "," + fields + "}"), "a-1");
            return List.of();
        } catch (SpecValidationException e) {
            return e.errors();
        }
    }

    @Test
    void readsTheImagesPythonRequirementsAndDigest() {
        JobSpec spec = parse("\"image\":\"registry.example:5000/ml/train:2.16-gpu\","
                + "\"python\":{\"requirements\":[\"tensorflow-cpu>=2.16\",\"tensorboard\"],\"requirementsFile\":\"req.txt\"},"
                + "\"artifactSha256\":\"" + "0f".repeat(32) + "\","
                + "\"roles\":{\"worker\":{},\"evaluator\":{\"image\":\"tensorflow/tensorflow:2.16.1\"}}");

        assertThat(spec.imageOf(Role.WORKER)).isEqualTo("registry.example:5000/ml/train:2.16-gpu");
        assertThat(spec.imageOf(Role.EVALUATOR)).isEqualTo("tensorflow/tensorflow:2.16.1");
        assertThat(spec.python().requirements()).containsExactly("tensorflow-cpu>=2.16", "tensorboard");
        assertThat(spec.python().requirementsFile()).isEqualTo("req.txt");
        assertThat(spec.artifactSha256()).isEqualTo("0f".repeat(32));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an image with upper case in the path | \"image\":\"Tensorflow/TF\",\"roles\":{\"worker\":{}}               | image",
            "a role image with spaces            | \"roles\":{\"worker\":{\"image\":\"a b\"}}                             | roles.worker.image",
            "a pip option as a requirement       | \"python\":{\"requirements\":[\"--index-url=http://evil/\"]},\"roles\":{\"worker\":{}} | python.requirements[0]",
            "a requirement with a newline        | \"python\":{\"requirements\":[\"six\\nsix\"]},\"roles\":{\"worker\":{}} | python.requirements[0]",
            "no requirements at all              | \"python\":{},\"roles\":{\"worker\":{}}                                 | python.requirements",
            "a requirements file outside         | \"python\":{\"requirementsFile\":\"../etc/req\"},\"roles\":{\"worker\":{}} | python.requirementsFile",
            "an unknown python field             | \"python\":{\"requirements\":[\"six\"],\"index\":\"x\"},\"roles\":{\"worker\":{}} | python.index",
            "a short digest                      | \"artifactSha256\":\"abc\",\"roles\":{\"worker\":{}}                   | artifactSha256",
            "tensorboard off but a role for it   | \"tensorboard\":false,\"roles\":{\"worker\":{},\"tensorboard\":{}}        | tensorboard",
    })
    void refusesWithTheField(String name, String fields, String field) {
        assertThat(errors(parser, fields)).extracting(FieldError::field).containsExactly(field);
    }

    @Test
    void aDeploymentWithoutAContainerRuntimeRefusesImagesByName() {
        JobSpecParser local = new JobSpecParser(new Confinement("/out", Map.of(), Map.of(), List.of("/")), false);

        assertThat(errors(local, "\"image\":\"tensorflow/tensorflow\",\"roles\":{\"worker\":{\"image\":\"t/t\"}}"))
                .extracting(FieldError::field).containsExactly("roles.worker.image", "image");
        assertThat(errors(local, "\"image\":\"tensorflow/tensorflow\",\"roles\":{\"worker\":{}}").get(0).reason())
                .contains("local backend");
    }

    @Test
    void aTensorboardRoleAsksForTensorBoardWithoutTheFlag() {
        assertThat(parse("\"roles\":{\"worker\":{},\"tensorboard\":{\"cpus\":0.2}}").tensorboard()).isTrue();
        assertThat(parse("\"tensorboard\":true,\"roles\":{\"worker\":{}}").tensorboard()).isTrue();
        assertThat(parse("\"roles\":{\"worker\":{},\"tensorboard\":{\"count\":0}}").tensorboard()).isFalse();
        assertThatThrownBy(() -> parse("\"tensorboard\":false,\"roles\":{\"worker\":{},\"tensorboard\":{}}"))
                .isInstanceOf(SpecValidationException.class);
    }
}
