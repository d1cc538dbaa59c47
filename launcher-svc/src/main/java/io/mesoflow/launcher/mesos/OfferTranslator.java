package io.mesoflow.launcher.mesos;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;

/**
 * A Mesos offer as placement sees it: scalar {@code cpus}, {@code mem}, {@code disk} and
 * {@code gpus}, the {@code ports} ranges, the agent's hostname, and its attributes (text, scalar
 * and ranges, as strings) for constraints. Resources of every role the offer carries are summed.
 */
public final class OfferTranslator {
    private OfferTranslator() {
    }

    public static OfferMade toOfferMade(Protos.Offer offer, Instant at) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        double gpus = 0;
        List<PortRange> ports = new ArrayList<>();
        for (Protos.Resource r : offer.getResourcesList()) {
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "disk" -> disk += r.getScalar().getValue();
                case "gpus" -> gpus += r.getScalar().getValue();
                case "ports" -> r.getRanges().getRangeList()
                        .forEach(range -> ports.add(new PortRange((int) range.getBegin(), (int) range.getEnd())));
                default -> {
                }
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Protos.Attribute a : offer.getAttributesList()) {
            attributes.put(a.getName(), switch (a.getType()) {
                case TEXT -> a.getText().getValue();
                case SCALAR -> TaskDemandFormat.number(a.getScalar().getValue());
                case RANGES -> a.getRanges().getRangeList().stream().map(x -> x.getBegin() + "-" + x.getEnd())
                        .reduce((x, y) -> x + "," + y).orElse("");
                case SET -> String.join(",", a.getSet().getItemList());
            });
        }
        return new OfferMade(offer.getId().getValue(), offer.getAgentId().getValue(), offer.getHostname(), cpus, mem,
                disk, (int) Math.floor(gpus), ports, attributes, at);
    }

    /** Numbers as an operator wrote them: 2 rather than 2.0. */
    static final class TaskDemandFormat {
        private TaskDemandFormat() {
        }

        static String number(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
