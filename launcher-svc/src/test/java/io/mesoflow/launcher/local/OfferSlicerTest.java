package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.PortRange;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the local agent's free resources are split into offers. */
class OfferSlicerTest {

    static ResourcePool.Slice free(double cpus, double mem, int gpus, int ports) {
        ResourcePool pool = new ResourcePool(cpus, mem, 10_000, gpus, new PortRange(31000, 31000 + Math.max(ports, 1) - 1));
        if (ports == 0) {
            pool.reserve(new io.mesoflow.events.Resources(0, 0, 0, 0), List.of(31000), List.of());
        }
        return pool.takeAll();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case                         | cpus | mem  | gpus | ports | slice cpus | slices | cpus each | mem each | gpus per slice | ports per slice
        "8 CPUs in one-CPU slices       | 8    | 8192 | 0    | 200   | 1          | 8      | 1         | 1024     | 0,0,0,0,0,0,0,0 | 25,25,25,25,25,25,25,25",
        "0.85 CPUs left: one offer      | 0.85 | 700  | 0    | 24    | 1          | 1      | 0.85      | 700      | 0               | 24",
        "2.5 CPUs: two slices           | 2.5  | 1001 | 0    | 10    | 1          | 2      | 1.25      | 500      | 0,0             | 5,5",
        "GPUs spread, one slice each    | 4    | 4096 | 2    | 8     | 1          | 4      | 1         | 1024     | 0,1,0,1         | 2,2,2,2",
        "more slices than ports: capped | 8    | 8192 | 0    | 3     | 1          | 3      | 2.666     | 2730     | 0,0,0           | 1,1,1",
        "no ports: one offer            | 8    | 8192 | 0    | 0     | 1          | 1      | 8         | 8192     | 0               | 0",
        "slice size 0: one offer        | 8    | 8192 | 2    | 100   | 0          | 1      | 8         | 8192     | 2               | 100",
        "slice size 2                   | 8    | 8192 | 0    | 100   | 2          | 4      | 2         | 2048     | 0,0,0,0         | 25,25,25,25",
    })
    void splitsFreeResourcesIntoOffers(String name, double cpus, double mem, int gpus, int ports, double sliceCpus,
                                       int count, double cpusEach, double memEach, String gpusPer, String portsPer) {
        ResourcePool.Slice free = free(cpus, mem, gpus, ports);

        List<ResourcePool.Slice> slices = OfferSlicer.split(free, sliceCpus);

        assertThat(slices).hasSize(count);
        assertThat(slices.get(0).cpus()).isEqualTo(cpusEach);
        assertThat(slices.get(0).memMb()).isEqualTo(memEach);
        assertThat(slices.stream().map(s -> String.valueOf(s.gpus().size())).toList())
                .isEqualTo(List.of(gpusPer.split(",")));
        assertThat(slices.stream().map(s -> String.valueOf(s.ports().size())).toList())
                .isEqualTo(List.of(portsPer.split(",")));
        // nothing lost, nothing twice: the slices add up to what was free
        ResourcePool.Slice merged = ResourcePool.merge(slices);
        assertThat(merged.cpus()).isCloseTo(free.cpus(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(merged.memMb()).isCloseTo(free.memMb(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(merged.diskMb()).isCloseTo(free.diskMb(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(merged.gpus()).isEqualTo(free.gpus());
        assertThat(merged.ports()).isEqualTo(free.ports());
        assertThat(slices.stream().mapToInt(s -> s.gpus().size() + s.ports().size()).sum())
                .isEqualTo(free.gpus().size() + free.ports().size());
        assertThat(slices).noneMatch(ResourcePool.Slice::isEmpty);
    }

    @ParameterizedTest(name = "ports in order: slice {0} holds {1}..{2}")
    @CsvSource({"0, 31000, 31024", "1, 31025, 31049", "7, 31175, 31199"})
    void eachSliceHoldsAContiguousRunOfPorts(int slice, int first, int last) {
        ResourcePool.Slice s = OfferSlicer.split(free(8, 8192, 0, 200), 1).get(slice);

        assertThat(s.ports().first()).isEqualTo(first);
        assertThat(s.ports().last()).isEqualTo(last);
        assertThat(s.portRanges()).containsExactly(new PortRange(first, last));
        assertThat(new TreeSet<>(s.ports())).hasSize(25);
    }
}
