package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The schemas checked in for outside consumers match the records they describe. */
class EventSchemaTest {
    static final java.util.List<Class<? extends MesoflowEvent>> ALL = EventTypes.ALL;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @ParameterizedTest
    @FieldSource("ALL")
    void checkedInSchemaMatchesTheRecord(Class<? extends MesoflowEvent> type) throws IOException {
        JsonNode checkedIn = checkedInSchema(type);

        assertThat(checkedIn)
                .as("schemas/%s.schema.json is stale: regenerate with SchemaGenerator (see events/README.md)",
                        type.getSimpleName())
                .isEqualTo(SchemaGenerator.schemaOf(type));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void sampleEventValidatesAgainstItsSchema(Class<? extends MesoflowEvent> type) throws IOException {
        JsonSchema schema = FACTORY.getSchema(checkedInSchema(type));
        JsonNode data = EventCodec.mapper().valueToTree(SampleValues.sample(type));

        Set<ValidationMessage> errors = schema.validate(data);

        assertThat(errors).isEmpty();
    }

    @Test
    void schemaRejectsDataMissingARequiredField() throws IOException {
        JsonSchema schema = FACTORY.getSchema(checkedInSchema(TaskStatusChanged.class));
        ObjectNode data = EventCodec.mapper().valueToTree(SampleValues.sample(TaskStatusChanged.class));
        data.remove("state");

        assertThat(schema.validate(data)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("state"));
    }

    private static JsonNode checkedInSchema(Class<?> type) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(
                "/schemas/" + type.getSimpleName() + ".schema.json")) {
            assertThat(in).as("schema for %s is checked in", type.getSimpleName()).isNotNull();
            return EventCodec.mapper().readTree(in);
        }
    }
}
