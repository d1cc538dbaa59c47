package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.ROLE;
import static io.mesoflow.testing.mesos.Launches.ports;
import static io.mesoflow.testing.mesos.Launches.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferBookTest {
    static ResourceBag bag(double cpus, double mem) {
        return ResourceBag.of(List.of(scalar("cpus", cpus, ROLE), scalar("mem", mem, ROLE)));
    }

    @Test
    void scalarsAddUpInFixedPointAndNeverGoNegative() {
        ResourceBag sum = bag(0.1, 0).plus(bag(0.2, 0));

        assertThat(bag(0.3, 0).contains(sum)).isTrue();
        assertThat(sum.minus(bag(1, 5)).isEmpty()).isTrue();
    }

    @Test
    void portRangesAreSubtractedAndGivenBackAsRanges() {
        ResourceBag agent = ResourceBag.of(Map.of("cpus", 1.0), 31000, 31009);
        ResourceBag left = agent.minus(ResourceBag.of(List.of(ports(31003, 31004, ROLE))));

        assertThat(left.contains(ResourceBag.of(List.of(ports(31003, 31003, ROLE))))).isFalse();
        assertThat(left.toProto(ROLE)).filteredOn(r -> r.getName().equals("ports")).singleElement()
                .satisfies(r -> assertThat(r.getRanges().getRangeList()).extracting(x -> x.getBegin() + "-" + x.getEnd())
                        .containsExactly("31000-31002", "31005-31009"));
    }

    @Test
    void aFilterHoldsBackWhatFitsInTheRefusedResourcesUntilItExpires() {
        OfferBook book = new OfferBook();
        book.refuse("a1", bag(2, 1024), 5, 1_000);

        assertThat(book.isFiltered("a1", bag(2, 1024), 5_999)).isTrue();
        assertThat(book.isFiltered("a1", bag(1, 512), 5_999)).isTrue();
        assertThat(book.isFiltered("a1", bag(3, 1024), 5_999)).as("more became free").isFalse();
        assertThat(book.isFiltered("a2", bag(2, 1024), 5_999)).as("another agent").isFalse();
        assertThat(book.isFiltered("a1", bag(2, 1024), 6_000)).as("expired").isFalse();
    }

    @Test
    void aRefusalOfZeroSecondsOrOfNothingInstallsNoFilter() {
        OfferBook book = new OfferBook();
        book.refuse("a1", bag(2, 1024), 0, 1_000);
        book.refuse("a1", ResourceBag.empty(), 10, 1_000);

        assertThat(book.filters()).isEmpty();
    }

    @Test
    void suppressionIsPerRoleAndASubscriptionReplacesIt() {
        OfferBook book = new OfferBook();
        book.suppress(List.of("ml"));
        assertThat(book.isSuppressed("ml")).isTrue();
        book.unsuppress(List.of("ml"));
        assertThat(book.isSuppressed("ml")).isFalse();
        book.suppress(List.of("ml", "x"));
        book.resetSuppressed(List.of());
        assertThat(book.suppressed()).isEmpty();
    }
}
