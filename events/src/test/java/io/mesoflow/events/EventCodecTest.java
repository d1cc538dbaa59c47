package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    static final java.util.List<Class<? extends MesoflowEvent>> ALL = EventTypes.ALL;

    private final EventCodec codec = new EventCodec("job-api",
            Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @FieldSource("ALL")
    void everyEventSurvivesARoundTrip(Class<? extends MesoflowEvent> type) {
        MesoflowEvent event = SampleValues.sample(type);

        MesoflowEvent decoded = EventCodec.decode(codec.encode(event));

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void envelopeIsACloudEventKeyedByTheJob() throws Exception {
        JobStatusChanged event = new JobStatusChanged("job-1", JobState.QUEUED, "waiting for gpus", 3,
                Instant.parse("2026-11-24T10:00:00Z"));

        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(codec.encode(event));

        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("type").asText()).isEqualTo("io.mesoflow.JobStatusChanged");
        assertThat(json.get("source").asText()).isEqualTo("job-api");
        assertThat(json.get("subject").asText()).isEqualTo("job-1");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(json.get("data").get("jobId").asText()).isEqualTo("job-1");
        assertThat(json.get("id").asText()).isNotBlank();
    }

    @Test
    void offersAreKeyedByAgent() {
        OfferMade offer = SampleValues.sample(OfferMade.class);
        assertThat(offer.key()).isEqualTo(offer.agentId());
    }

    @Test
    void unknownExtraFieldsAreIgnoredForForwardCompatibility() throws Exception {
        MesoflowEvent event = SampleValues.sample(TaskStatusChanged.class);
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(codec.encode(event));
        ((ObjectNode) json.get("data")).put("addedInAFutureVersion", "x");
        json.put("extensionattribute", "y");

        MesoflowEvent decoded = EventCodec.decode(json.toString());

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void nonJsonRecordIsRejectedWithAClearError() {
        assertThatThrownBy(() -> EventCodec.decode("not json {"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("record is not JSON");
    }

    @Test
    void recordWithoutCloudEventAttributesIsRejected() {
        assertThatThrownBy(() -> EventCodec.decode("{\"jobId\":\"j\"}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("record is not a CloudEvent: missing 'specversion'");
    }

    @Test
    void unknownEventTypeIsRejectedByName() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\",\"type\":\"io.mesoflow.Nope\",\"data\":{}}";
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("unknown event type 'io.mesoflow.Nope'");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\","
                + "\"type\":\"io.mesoflow.JobCancelRequested\",\"data\":{\"reason\":\"r\"}}";
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("invalid io.mesoflow.JobCancelRequested: missing required field 'jobId'");
    }

    @Test
    void wrongFieldTypeIsRejected() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\","
                + "\"type\":\"io.mesoflow.JobStatusChanged\",\"data\":{\"jobId\":\"j\",\"state\":\"BOGUS\","
                + "\"timestamp\":\"2026-11-24T10:00:00Z\"}}";
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("invalid io.mesoflow.JobStatusChanged")
                .hasMessageContaining("BOGUS");
    }

    @Test
    void kafkaSerdeRoundTrips() {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(java.util.Map.of("mesoflow.event.source", "outside"), false);
        MesoflowEvent event = SampleValues.sample(JobSubmitted.class);

        byte[] bytes = serializer.serialize("mesoflow.jobs", event);

        assertThat(new EventDeserializer().deserialize("mesoflow.jobs", bytes)).isEqualTo(event);
        assertThat(EventCodec.envelopeOf(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).source())
                .isEqualTo("outside");
    }
}
