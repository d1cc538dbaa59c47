package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.Constraint;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.FailurePolicy;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobSpecParserTest {
    static final String VALID = """
            {"name": "mnist", "artifactUrl": "https://example.org/job.zip", "entryPoint": "python3 train.py",
             "context": {"lr": 0.1}, "team": "ml", "priority": 5, "labels": {"project": "x"},
             "secrets": [{"source": "vault:teams/ml/gcs#key", "env": "GCS_KEY"}],
             "roles": {"ps": {"count": 2, "cpus": 0.5, "mem": 512},
                       "worker": {"count": 3, "context": {"lr": 0.2}, "restartPolicy": "ExitCode"},
                       "gpu_worker": {"count": 1, "gpus": 2, "constraints": [["gpu_type", "LIKE", "a100"]]}}}
            """;
    private final JobSpecParser parser = permissive();

    /**
     * A parser for tests of everything but confinement: outputs under {@code /out/<team>}, team
     * {@code default} may write under {@code gs://bucket/}, and any local file may be an artifact.
     */
    static JobSpecParser permissive() {
        return new JobSpecParser(new Confinement("/out", java.util.Map.of(),
                java.util.Map.of("default", List.of("gs://bucket/")), List.of("/")));
    }

    static JsonNode json(String s) {
        try {
            return EventCodec.mapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsAValidSpecWithDefaults() {
        JobSpec spec = parser.parse(json(VALID), "mnist-1");

        assertThat(spec.outputDir()).as("the default output dir is in the team's root").isEqualTo("/out/ml/mnist-1");
        assertThat(spec.role(Role.WORKER).cpus()).isEqualTo(1);
        assertThat(spec.role(Role.WORKER).memMb()).isEqualTo(1024);
        assertThat(spec.role(Role.WORKER).restartPolicy()).isEqualTo(RestartPolicy.EXIT_CODE);
        assertThat(spec.role(Role.PS).restartPolicy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(spec.role(Role.GPU_WORKER).constraints())
                .containsExactly(new Constraint("gpu_type", Constraint.Operator.LIKE, "a100"));
        assertThat(spec.role(Role.GPU_WORKER).gpus()).isEqualTo(2);
        assertThat(spec.successPolicy()).isEqualTo(SuccessPolicy.CHIEF_ONLY);
        assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.TASK);
        assertThat(spec.backoffLimit()).isEqualTo(6);
    }

    @Test
    void policiesAreReadInTheirExactSpellings() {
        JobSpec spec = parser.parse(json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\",\"entryPoint\":\"x\","
                + "\"successPolicy\":\"AllWorkers\",\"failurePolicy\":\"gang\",\"backoffLimit\":2,"
                + "\"roles\":{\"worker\":{\"restartPolicy\":\"Never\"}}}"), "a-1");

        assertThat(spec.successPolicy()).isEqualTo(SuccessPolicy.ALL_WORKERS);
        assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.GANG);
        assertThat(spec.backoffLimit()).isEqualTo(2);
        assertThat(spec.role(Role.WORKER).restartPolicy()).isEqualTo(RestartPolicy.NEVER);
    }

    @Test
    void anUnknownPolicyIsNamedWithTheAllowedSpellings() {
        assertThatThrownBy(() -> parser.parse(json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\","
                + "\"entryPoint\":\"x\",\"successPolicy\":\"chiefonly\",\"failurePolicy\":\"GANG\","
                + "\"roles\":{\"worker\":{\"restartPolicy\":\"Sometimes\"}}}"), "a-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("roles.worker.restartPolicy", "must be one of [Always, ExitCode, Never, OnFailure]"),
                        new FieldError("successPolicy", "must be one of [AllWorkers, ChiefOnly]"),
                        new FieldError("failurePolicy", "must be one of [gang, task]")));
    }

    @Test
    void theCountOfAOneTaskRoleIsAtMostOne() {
        assertThatThrownBy(() -> parser.parse(json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\","
                + "\"entryPoint\":\"x\",\"roles\":{\"worker\":{},\"evaluator\":{\"count\":2}}}"), "a-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("roles.evaluator.count"));
    }

    @Test
    void aGpuWorkerNeedsAGpu() {
        assertThatThrownBy(() -> parser.parse(json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\","
                + "\"entryPoint\":\"x\",\"roles\":{\"gpu_worker\":{\"gpus\":0}}}"), "a-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("roles.gpu_worker.gpus", "a gpu_worker needs at least 1 gpu")));
    }

    @Test
    void aJobWithoutTrainersIsRejected() {
        assertThatThrownBy(() -> parser.parse(json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\","
                + "\"entryPoint\":\"x\",\"roles\":{\"ps\":{\"count\":1}}}"), "a-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("roles", "needs at least one chief, worker or gpu_worker task")));
    }

    @Test
    void aSecretNeedsExactlyOneTarget() {
        assertThatThrownBy(() -> parser.parse(json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\",\"entryPoint\":\"x\","
                + "\"roles\":{\"worker\":{}},\"secrets\":[{\"source\":\"vault:teams/default/a\",\"env\":\"A\",\"file\":\"a\"}]}"), "a-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("secrets[0].env"));
    }

    /** Random and mutated specs: the parser answers a spec or a list of field errors, nothing else. */
    @Test
    void fuzzedSpecsNeverFailWithAnythingButFieldErrors() {
        Random random = new Random(42);
        JsonNode valid = json(VALID);
        for (int i = 0; i < 5_000; i++) {
            JsonNode candidate = i % 3 == 0 ? randomValue(random, 3) : mutate(valid.deepCopy(), random);
            try {
                parser.parse(candidate, "fuzz-" + i);
            } catch (SpecValidationException expected) {
                assertThat(expected.errors()).isNotEmpty();
            }
        }
    }

    static JsonNode mutate(JsonNode node, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(node, objects);
        for (int m = 0; m < 1 + random.nextInt(3); m++) {
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty() || random.nextInt(5) == 0) {
                target.set("f" + random.nextInt(3), randomValue(random, 2));
            } else {
                String name = names.get(random.nextInt(names.size()));
                if (random.nextBoolean()) {
                    target.set(name, randomValue(random, 2));
                } else {
                    target.remove(name);
                }
            }
        }
        return node;
    }

    static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        node.forEach(child -> collect(child, objects));
    }

    static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextInt(2_000_001) - 1_000_000);
            case 3 -> f.numberNode(random.nextDouble() * 1e12 - 5e11);
            case 4 -> f.textNode(List.of("", "worker", "file:///x.py", "ftp://x", "a b", "http://", "\u0000",
                    "vault:x").get(random.nextInt(8)));
            case 5 -> f.numberNode(Double.NaN);
            case 6 -> f.textNode("x".repeat(random.nextInt(100)));
            case 7 -> {
                ArrayNode array = f.arrayNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = f.objectNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    object.set(List.of("name", "roles", "worker", "count", "cpus", "context", "x")
                            .get(random.nextInt(7)), randomValue(random, depth - 1));
                }
                yield object;
            }
        };
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "[\"hostname\", \"UNIQUE\"]                 | ",
            "[\"zone\", \"GROUP_BY\"]                   | ",
            "[\"rack\", \"CLUSTER\", \"r1\"]            | ",
            "[\"gpu_type\", \"LIKE\", \"a100.*\"]    | ",
            "[\"hostname\", \"MAX_PER\", \"2\"]         | ",
            "[\"hostname\", \"NEAR\"]                   | unknown operator 'NEAR'",
            "[\"gpu_type\", \"LIKE\"]                   | LIKE needs a regular expression",
            "[\"gpu_type\", \"UNLIKE\", \"(\"]          | is not a regular expression",
            "[\"hostname\", \"MAX_PER\", \"0\"]         | MAX_PER needs a whole number of at least 1",
    })
    void constraintsAreCheckedOperatorByOperator(String constraint, String problem) {
        String spec = "{\"name\": \"c\", \"artifactUrl\": \"file:///t.py\", \"entryPoint\": \"python3 t.py\","
                + " \"roles\": {\"worker\": {\"count\": 2, \"constraints\": [" + constraint + "]}}}";
        JobSpecParser parser = permissive();
        if (problem == null) {
            parser.parse(json(spec), "c-1");
            return;
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(json(spec), "c-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.errors()).singleElement().satisfies(err -> {
                            org.assertj.core.api.Assertions.assertThat(err.field())
                                    .isEqualTo("roles.worker.constraints[0]");
                            org.assertj.core.api.Assertions.assertThat(err.reason()).contains(problem.strip());
                        }));
    }

    @Test
    void aGracePeriodOfZeroToADayIsKeptAndNoneMeansTheClusterDefault() {
        String base = "{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\",\"entryPoint\":\"x\","
                + "\"roles\":{\"worker\":{}}";
        assertThat(parser.parse(json(base + ",\"gracePeriodSeconds\":0}"), "a-1").gracePeriodSeconds()).isZero();
        assertThat(parser.parse(json(base + ",\"gracePeriodSeconds\":86400}"), "a-1").gracePeriodSeconds())
                .isEqualTo(86_400L);
        assertThat(parser.parse(json(base + "}"), "a-1").gracePeriodSeconds()).isNull();
    }

    @Test
    void aGracePeriodOutOfRangeOrNotWholeIsAProblemNamingTheField() {
        String base = "{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\",\"entryPoint\":\"x\","
                + "\"roles\":{\"worker\":{}},\"gracePeriodSeconds\":";
        for (String bad : new String[] {"-1", "86401", "1.5", "\"30s\""}) {
            assertThatThrownBy(() -> parser.parse(json(base + bad + "}"), "a-1")).as(bad)
                    .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("gracePeriodSeconds"));
        }
    }
}
