package io.mesoflow.launcher.mesos;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The events a stream had ready together, cut into runs handled as one: consecutive UPDATEs (their
 * statuses), consecutive OFFERS (their offers), every other event on its own. Pure. Guarantees:
 * the runs hold every event once, in the master's order (a run never reaches across another event,
 * so a RESCIND after an offer is handled after it).
 */
final class EventRuns {
    /** One run: statuses, offers, or a single other event. */
    sealed interface Run permits Updates, Offers, Single {
    }

    record Updates(List<Protos.TaskStatus> statuses) implements Run {
    }

    record Offers(List<Protos.Offer> offers) implements Run {
    }

    record Single(Event event) implements Run {
    }

    private EventRuns() {
    }

    static List<Run> of(List<Event> events) {
        List<Run> runs = new ArrayList<>();
        for (Event event : events) {
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (event.getType() == Event.Type.UPDATE) {
                if (last instanceof Updates u) {
                    u.statuses().add(event.getUpdate().getStatus());
                } else {
                    runs.add(new Updates(new ArrayList<>(List.of(event.getUpdate().getStatus()))));
                }
            } else if (event.getType() == Event.Type.OFFERS) {
                if (last instanceof Offers o) {
                    o.offers().addAll(event.getOffers().getOffersList());
                } else {
                    runs.add(new Offers(new ArrayList<>(event.getOffers().getOffersList())));
                }
            } else {
                runs.add(new Single(event));
            }
        }
        return runs;
    }
}
