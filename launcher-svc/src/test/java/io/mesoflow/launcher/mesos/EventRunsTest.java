package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventRunsTest {

    /** Events written as letters: U1 an update of task 1, O1 an OFFERS event of offer 1, R a RESCIND, H a HEARTBEAT. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                   | ''",
            "U1 U2 U3             | U[1 2 3]",
            "O1 O2 O3             | O[1 2 3]",
            "O1 O2 R O3           | O[1 2] R O[3]",
            "U1 O1 O2 U2 U3       | U[1] O[1 2] U[2 3]",
            "H U1 H U2            | H U[1] H U[2]",
            "O1+2 O3              | O[1 2 3]",
            "R R                  | R R",
    })
    void consecutiveUpdatesAndConsecutiveOffersAreOneRunEachInOrder(String events, String runs) {
        assertThat(describe(EventRuns.of(parse(events)))).isEqualTo(runs);
    }

    static List<Event> parse(String events) {
        return Stream.of(events.trim().split(" +")).filter(e -> !e.isEmpty()).map(EventRunsTest::event).toList();
    }

    static Event event(String e) {
        return switch (e.charAt(0)) {
            case 'U' -> Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                    .setStatus(Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(e.substring(1)))
                            .setState(Protos.TaskState.TASK_RUNNING))).build();
            case 'O' -> {
                Event.Offers.Builder offers = Event.Offers.newBuilder();
                for (String id : e.substring(1).split("\\+")) {
                    offers.addOffers(Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                            .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                            .setAgentId(Protos.AgentID.newBuilder().setValue("a")).setHostname("h"));
                }
                yield Event.newBuilder().setType(Event.Type.OFFERS).setOffers(offers).build();
            }
            case 'R' -> Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                    .setOfferId(Protos.OfferID.newBuilder().setValue("x"))).build();
            default -> Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        };
    }

    static String describe(List<EventRuns.Run> runs) {
        return runs.stream().map(r -> {
            if (r instanceof EventRuns.Updates u) {
                return "U[" + u.statuses().stream().map(s -> s.getTaskId().getValue()).collect(Collectors.joining(" ")) + "]";
            }
            if (r instanceof EventRuns.Offers o) {
                return "O[" + o.offers().stream().map(x -> x.getId().getValue()).collect(Collectors.joining(" ")) + "]";
            }
            return ((EventRuns.Single) r).event().getType() == Event.Type.RESCIND ? "R" : "H";
        }).collect(Collectors.joining(" "));
    }
}
