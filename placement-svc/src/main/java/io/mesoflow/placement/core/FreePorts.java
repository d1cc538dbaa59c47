package io.mesoflow.placement.core;

import io.mesoflow.events.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's free ports as sorted, disjoint ranges {@code [begin, end]}: cheap to copy and to
 * count however wide the offered ranges are (a Mesos agent usually offers thousands of ports).
 */
final class FreePorts {
    private final List<int[]> ranges;
    private int count;

    private FreePorts(List<int[]> ranges, int count) {
        this.ranges = ranges;
        this.count = count;
    }

    static FreePorts of(List<PortRange> offered) {
        List<int[]> sorted = new ArrayList<>();
        offered.stream().sorted(java.util.Comparator.comparingInt(PortRange::begin))
                .forEach(r -> {
                    int[] last = sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
                    if (last != null && r.begin() <= last[1] + 1) {
                        last[1] = Math.max(last[1], r.end());
                    } else {
                        sorted.add(new int[] {r.begin(), r.end()});
                    }
                });
        int count = sorted.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        return new FreePorts(sorted, count);
    }

    /** These free ports and {@code more} (ports a task would give back). */
    FreePorts plus(List<Integer> more) {
        List<PortRange> all = new ArrayList<>();
        ranges.forEach(r -> all.add(new PortRange(r[0], r[1])));
        more.forEach(p -> all.add(new PortRange(p, p)));
        return of(all);
    }

    FreePorts copy() {
        List<int[]> copy = new ArrayList<>(ranges.size());
        ranges.forEach(r -> copy.add(r.clone()));
        return new FreePorts(copy, count);
    }

    int size() {
        return count;
    }

    boolean contains(int port) {
        for (int[] r : ranges) {
            if (port < r[0]) {
                return false;
            }
            if (port <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the lowest free port. */
    int takeLowest() {
        int[] first = ranges.get(0);
        int port = first[0];
        if (first[0] == first[1]) {
            ranges.remove(0);
        } else {
            first[0]++;
        }
        count--;
        return port;
    }

    /** Removes one port (which must be free). */
    void take(int port) {
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            if (port < r[0] || port > r[1]) {
                continue;
            }
            if (r[0] == r[1]) {
                ranges.remove(i);
            } else if (port == r[0]) {
                r[0]++;
            } else if (port == r[1]) {
                r[1]--;
            } else {
                ranges.add(i + 1, new int[] {port + 1, r[1]});
                r[1] = port - 1;
            }
            count--;
            return;
        }
        throw new IllegalArgumentException("port " + port + " is not free");
    }
}
