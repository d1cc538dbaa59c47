package io.mesoflow.testing.mesos;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * An immutable amount of resources: scalars by name ({@code cpus}, {@code mem}, {@code disk},
 * {@code gpus}, ...) and ranges by name ({@code ports}). Pure arithmetic, no roles.
 * Guarantees: scalars are kept in thousandths (why: a real master compares scalars in fixed point
 * with three decimals, so 0.1 + 0.2 fits in 0.3); a zero scalar or an empty range set is the same
 * as none; {@link #minus} never goes below zero.
 */
public final class ResourceBag {
    private static final ResourceBag EMPTY = new ResourceBag(new TreeMap<>(), new TreeMap<>());
    private final TreeMap<String, Long> scalars;
    private final TreeMap<String, BitSet> ranges;

    private ResourceBag(TreeMap<String, Long> scalars, TreeMap<String, BitSet> ranges) {
        scalars.values().removeIf(v -> v <= 0);
        ranges.values().removeIf(BitSet::isEmpty);
        this.scalars = scalars;
        this.ranges = ranges;
    }

    public static ResourceBag empty() {
        return EMPTY;
    }

    /** The resources of these protos (SET resources are ignored). */
    public static ResourceBag of(Iterable<? extends Protos.ResourceOrBuilder> resources) {
        TreeMap<String, Long> scalars = new TreeMap<>();
        TreeMap<String, BitSet> ranges = new TreeMap<>();
        for (Protos.ResourceOrBuilder r : resources) {
            if (r.getType() == Value.Type.SCALAR) {
                scalars.merge(r.getName(), Math.round(r.getScalar().getValue() * 1000), Long::sum);
            } else if (r.getType() == Value.Type.RANGES) {
                BitSet bits = ranges.computeIfAbsent(r.getName(), n -> new BitSet());
                for (Value.Range range : r.getRanges().getRangeList()) {
                    bits.set((int) range.getBegin(), (int) range.getEnd() + 1);
                }
            }
        }
        return new ResourceBag(scalars, ranges);
    }

    /** Scalars and one range of ports, for building an agent's total. */
    public static ResourceBag of(Map<String, Double> scalarValues, int portsBegin, int portsEnd) {
        TreeMap<String, Long> scalars = new TreeMap<>();
        scalarValues.forEach((k, v) -> scalars.put(k, Math.round(v * 1000)));
        TreeMap<String, BitSet> ranges = new TreeMap<>();
        if (portsEnd >= portsBegin && portsBegin > 0) {
            BitSet ports = new BitSet();
            ports.set(portsBegin, portsEnd + 1);
            ranges.put("ports", ports);
        }
        return new ResourceBag(scalars, ranges);
    }

    public double scalar(String name) {
        return scalars.getOrDefault(name, 0L) / 1000.0;
    }

    public boolean has(String name) {
        return scalars.containsKey(name) || ranges.containsKey(name);
    }

    public boolean isEmpty() {
        return scalars.isEmpty() && ranges.isEmpty();
    }

    public ResourceBag plus(ResourceBag other) {
        TreeMap<String, Long> s = new TreeMap<>(scalars);
        other.scalars.forEach((k, v) -> s.merge(k, v, Long::sum));
        TreeMap<String, BitSet> r = copyRanges();
        other.ranges.forEach((k, v) -> r.computeIfAbsent(k, n -> new BitSet()).or(v));
        return new ResourceBag(s, r);
    }

    public ResourceBag minus(ResourceBag other) {
        TreeMap<String, Long> s = new TreeMap<>(scalars);
        other.scalars.forEach((k, v) -> s.computeIfPresent(k, (n, mine) -> Math.max(0, mine - v)));
        TreeMap<String, BitSet> r = copyRanges();
        other.ranges.forEach((k, v) -> {
            if (r.containsKey(k)) {
                r.get(k).andNot(v);
            }
        });
        return new ResourceBag(s, r);
    }

    public boolean contains(ResourceBag other) {
        for (Map.Entry<String, Long> e : other.scalars.entrySet()) {
            if (scalars.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        for (Map.Entry<String, BitSet> e : other.ranges.entrySet()) {
            BitSet missing = (BitSet) e.getValue().clone();
            missing.andNot(ranges.getOrDefault(e.getKey(), new BitSet()));
            if (!missing.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** As Mesos resources, each allocated to {@code role} (why: with MULTI_ROLE a master tags every resource). */
    public List<Resource> toProto(String role) {
        List<Resource> out = new ArrayList<>();
        Resource.AllocationInfo allocation = Resource.AllocationInfo.newBuilder().setRole(role).build();
        scalars.forEach((name, v) -> out.add(Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(v / 1000.0)).setAllocationInfo(allocation).build()));
        ranges.forEach((name, bits) -> {
            Value.Ranges.Builder b = Value.Ranges.newBuilder();
            for (int begin = bits.nextSetBit(0); begin >= 0; begin = bits.nextSetBit(bits.nextClearBit(begin))) {
                b.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(bits.nextClearBit(begin) - 1L));
            }
            out.add(Resource.newBuilder().setName(name).setType(Value.Type.RANGES).setRanges(b)
                    .setAllocationInfo(allocation).build());
        });
        return out;
    }

    private TreeMap<String, BitSet> copyRanges() {
        TreeMap<String, BitSet> r = new TreeMap<>();
        ranges.forEach((k, v) -> r.put(k, (BitSet) v.clone()));
        return r;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        scalars.forEach((k, v) -> s.append(s.length() > 0 ? "; " : "").append(k).append(':')
                .append(v % 1000 == 0 ? String.valueOf(v / 1000) : String.valueOf(v / 1000.0)));
        for (Resource r : toProto("*")) {
            if (r.getType() == Value.Type.RANGES) {
                s.append(s.length() > 0 ? "; " : "").append(r.getName()).append(":[");
                r.getRanges().getRangeList().forEach(x -> s.append(x.getBegin()).append('-').append(x.getEnd()).append(','));
                s.setCharAt(s.length() - 1, ']');
            }
        }
        return s.length() == 0 ? "{}" : s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceBag b && scalars.equals(b.scalars) && ranges.equals(b.ranges);
    }

    @Override
    public int hashCode() {
        return scalars.hashCode() * 31 + ranges.hashCode();
    }
}
