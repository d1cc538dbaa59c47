package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Event data as the string-typed records wrote it (src/test/resources/golden, written before the
 * policies, constraints and restart policies became types) still reads, writes back byte for byte
 * the same JSON, and validates against today's checked-in schema: the wire did not change.
 */
class GoldenJsonTest {
    static final List<String> GOLDEN = List.of("JobSubmitted.sample.json", "JobSubmitted.all-policies.json",
            "JobConfigChanged.defaults.json", "TaskStatusChanged.sample.json",
            // the shared-ACCEPT events as first written: their wire stays readable by every consumer
            "TasksPlacedTogether.sample.json", "LaunchesRequestedTogether.sample.json");

    @ParameterizedTest
    @FieldSource("GOLDEN")
    void goldenDataRoundTripsByteForByte(String file) throws IOException {
        String golden = text("/golden/" + file);

        MesoflowEvent event = EventCodec.mapper().readValue(golden, typeOf(file));

        assertThat(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n")
                .isEqualTo(golden);
    }

    @ParameterizedTest
    @FieldSource("GOLDEN")
    void goldenDataValidatesAgainstTheCheckedInSchema(String file) throws IOException {
        Class<? extends MesoflowEvent> type = typeOf(file);
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(read("/schemas/" + type.getSimpleName() + ".schema.json"));

        assertThat(schema.validate(read("/golden/" + file))).isEmpty();
    }

    @Test
    void samplesAreTheGoldenOnes() throws IOException {
        var submitted = (com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.mapper()
                .readTree(EventCodec.json(SampleValues.sample(JobSubmitted.class)));
        var spec = (com.fasterxml.jackson.databind.node.ObjectNode) submitted.get("spec");
        // added after the golden file, left out when null
        assertThat(spec.remove(List.of("image", "python", "artifactSha256", "gracePeriodSeconds"))).isNotNull();
        spec.get("roles").forEach(role -> ((com.fasterxml.jackson.databind.node.ObjectNode) role).remove("image"));
        assertThat(submitted).isEqualTo(read("/golden/JobSubmitted.sample.json"));
        var status = (com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.mapper()
                .readTree(EventCodec.json(SampleValues.sample(TaskStatusChanged.class)));
        assertThat(status.remove("ready")).as("added after the golden file, left out when null").isNotNull();
        assertThat(status).isEqualTo(read("/golden/TaskStatusChanged.sample.json"));
    }

    @Test
    void aLowerCaseOperatorIsReadAndWrittenInUpperCase() throws IOException {
        RoleSpec role = EventCodec.mapper().readValue(
                "{\"count\":1,\"cpus\":1,\"memMb\":1,\"diskMb\":0,\"gpus\":0,"
                        + "\"constraints\":[[\"hostname\",\"unique\"]]}",
                RoleSpec.class);

        assertThat(EventCodec.json(role.constraints())).isEqualTo("[[\"hostname\",\"UNIQUE\"]]");
    }

    private static Class<? extends MesoflowEvent> typeOf(String file) {
        return EventTypes.classOf(EventTypes.PREFIX + file.substring(0, file.indexOf('.')));
    }

    private static JsonNode read(String resource) throws IOException {
        return EventCodec.mapper().readTree(text(resource));
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
