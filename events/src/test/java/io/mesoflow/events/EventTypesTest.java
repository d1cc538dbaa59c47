package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry is the sealed interface's permitted records, no more, no fewer, in a stable order. */
class EventTypesTest {
    @Test
    void everyPermittedEventIsRegisteredOnce() {
        List<Class<?>> registered = List.copyOf(EventTypes.ALL);

        assertThat(registered).containsExactlyInAnyOrder(MesoflowEvent.class.getPermittedSubclasses())
                .doesNotHaveDuplicates();
    }

    @Test
    void theOrderIsByNameSoSchemasAndDocsNeverReshuffle() {
        List<String> names = EventTypes.ALL.stream().map(Class::getSimpleName).toList();

        assertThat(names).isSorted();
    }

    @Test
    void everyEventIsARecordWhoseTypeNameMapsBackToIt() {
        for (Class<? extends MesoflowEvent> type : EventTypes.ALL) {
            assertThat(type.isRecord()).as("%s is a record", type.getSimpleName()).isTrue();
            assertThat(EventTypes.classOf(EventTypes.typeOf(type))).isEqualTo(type);
        }
        assertThat(EventTypes.classOf("io.mesoflow.NoSuchEvent")).isNull();
    }

    @Test
    void everyCheckedInSchemaBelongsToARegisteredEvent() throws IOException {
        List<String> registered = EventTypes.ALL.stream().map(t -> t.getSimpleName() + ".schema.json").toList();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
            List<String> checkedIn = files.map(f -> f.getFileName().toString()).toList();

            assertThat(checkedIn).as("schemas/ holds exactly one schema per event type (delete stale ones)")
                    .containsExactlyInAnyOrderElementsOf(registered);
        }
    }
}
