package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every free-form field has a limit: a spec at the limit is accepted, one past it is refused naming the field and the limit. */
class SpecLimitsTest {
    static final String BASE = """
            {"name": "limits", "team": "ml", "artifactUrl": "https://example.org/job.zip", "entryPoint": "python3 t.py",
             "roles": {"worker": {"count": 1}}}
            """;
    private final JobSpecParser parser = JobSpecParserTest.permissive();

    static Arguments row(String what, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(what, change, field, reason);
    }

    static Stream<Arguments> pastTheLimit() {
        return Stream.of(
                row("a name of 64 characters", s -> s.put("name", "a".repeat(64)), "name", "1-63"),
                row("a team with a path in it", s -> s.put("team", "../../etc"), "team", "1-63 lower-case"),
                row("65 labels", s -> labels(s, 65, "k", "v"), "labels", "at most 64 labels (it has 65)"),
                row("a label key of 64 characters", s -> labels(s, 1, "k".repeat(63), "v"), "labels",
                        "at most 63 characters (it has 64)"),
                row("a label key of 400 characters", s -> labels(s, 1, "k".repeat(399), "v"), "labels",
                        "at most 63 characters (it has 400)"),
                row("a label value of 257 characters", s -> labels(s, 1, "k", "v".repeat(257)), "labels.k0",
                        "at most 256 characters (it has 257)"),
                row("a label value with a line break", s -> labels(s, 1, "k", "a\nb"), "labels.k0", "control characters"),
                row("an entry point of 4097 characters", s -> s.put("entryPoint", "x".repeat(4097)), "entryPoint",
                        "at most 4096 characters (it has 4097)"),
                row("an entry point of 100,000 characters", s -> s.put("entryPoint", "x".repeat(100_000)),
                        "entryPoint", "at most 4096 characters"),
                row("an entry point with a NUL", s -> s.put("entryPoint", "echo \u0000 hi"), "entryPoint",
                        "control characters (U+0000"),
                row("a context of 64 KiB and 1 byte", s -> s.putObject("context").put("k", "x".repeat(65_529)),
                        "context", "at most 65536 bytes as JSON (it has 65537)"),
                row("a context 9 levels deep", s -> s.set("context", nested(9)), "context", "nested at most 8 levels"),
                row("a role context 9 levels deep", s -> ((ObjectNode) s.get("roles").get("worker")).set("context", nested(9)),
                        "roles.worker.context", "nested at most 8 levels"),
                row("33 secrets", s -> secrets(s, 33), "secrets", "at most 32 secrets (it has 33)"),
                row("a secret file outside the sandbox", s -> firstSecret(s).put("file", "../../x"),
                        "secrets[0].file", "relative file path"),
                row("a secret file at an absolute path", s -> firstSecret(s).put("file", "/etc/x"),
                        "secrets[0].file", "relative file path"),
                row("a secret env that is no variable name", s -> firstSecret(s).put("env", "A=B"),
                        "secrets[0].env", "environment variable name"),
                row("33 constraints on a role", s -> constraints(s, 33, "rack"), "roles.worker.constraints",
                        "at most 32 constraints per role (it has 33)"),
                row("a constraint part of 257 characters", s -> constraints(s, 1, "r".repeat(257)),
                        "roles.worker.constraints[0]", "at most 256 characters"),
                row("an artifact URL of 2049 characters", s -> s.put("artifactUrl", "https://example.org/"
                        + "a".repeat(2029)), "artifactUrl", "at most 2048 characters (it has 2049)"),
                row("an output dir of 1025 characters", s -> s.put("outputDir", "/" + "o".repeat(1024)), "outputDir",
                        "at most 1024 characters (it has 1025)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pastTheLimit")
    void aFieldPastItsLimitIsRefusedNamingTheFieldAndTheLimit(String what, Consumer<ObjectNode> change, String field,
                                                              String reason) {
        ObjectNode spec = base();
        change.accept(spec);

        assertThatThrownBy(() -> parser.parse(spec, "limits-1"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo(field);
                            assertThat(error.reason()).contains(reason);
                        }));
    }

    static Stream<Arguments> atTheLimit() {
        return Stream.of(
                row("a name of 63 characters", s -> s.put("name", "a".repeat(63)), null, null),
                row("64 labels", s -> labels(s, 64, "k", "v"), null, null),
                row("a label key of 63 and a value of 256 characters",
                        s -> labels(s, 1, "k".repeat(62), "v".repeat(256)), null, null),
                row("an entry point of 4096 characters over several lines",
                        s -> s.put("entryPoint", ("x".repeat(9) + "\n").repeat(409) + "\tx".repeat(3)), null, null),
                row("a context of 64 KiB", s -> s.putObject("context").put("k", "x".repeat(65_528)), null, null),
                row("a context 8 levels deep", s -> s.set("context", nested(8)), null, null),
                row("32 secrets", s -> secrets(s, 32), null, null),
                row("a secret file in a sandbox folder", s -> firstSecret(s).put("file", "keys/gcs.json"), null, null),
                row("32 constraints", s -> constraints(s, 32, "rack"), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atTheLimit")
    void aFieldAtItsLimitIsAccepted(String what, Consumer<ObjectNode> change, String field, String reason) {
        ObjectNode spec = base();
        change.accept(spec);

        assertThat(parser.parse(spec, "limits-1").name()).isEqualTo(spec.get("name").asText());
    }

    static ObjectNode base() {
        return (ObjectNode) JobSpecParserTest.json(BASE);
    }

    static void labels(ObjectNode spec, int count, String key, String value) {
        ObjectNode labels = spec.putObject("labels");
        for (int i = 0; i < count; i++) {
            labels.put(key + i, value);
        }
    }

    static ArrayNode secrets(ObjectNode spec, int count) {
        ArrayNode secrets = spec.putArray("secrets");
        for (int i = 0; i < count; i++) {
            secrets.addObject().put("source", "vault:teams/ml/key" + i).put("env", "KEY_" + i);
        }
        return secrets;
    }

    /** The spec's only secret, without a target yet for the row to set. */
    static ObjectNode firstSecret(ObjectNode spec) {
        ObjectNode secret = (ObjectNode) secrets(spec, 1).get(0);
        secret.remove("env");
        return secret;
    }

    static void constraints(ObjectNode spec, int count, String field) {
        ArrayNode constraints = ((ObjectNode) spec.get("roles").get("worker")).putArray("constraints");
        for (int i = 0; i < count; i++) {
            constraints.addArray().add(field).add("GROUP_BY");
        }
    }

    /** An object nested {@code levels} deep, itself counted. */
    static JsonNode nested(int levels) {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        ObjectNode current = root;
        for (int i = 1; i < levels; i++) {
            current = current.putObject("level" + (i + 1));
        }
        current.put("leaf", 1);
        return root;
    }
}
