package io.mesoflow.placement.core;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which of one agent's held offers a placement accepts: the fewest whose sum covers what the job's
 * tasks on that agent need, so the agent's other offers stay held for the next job (Mesos pools
 * the resources of the offers one ACCEPT names, all of one agent). Every offer that holds a
 * pinned port (a relaunch's own port) is among them; then the fewest further offers that cover
 * the CPUs, memory, disk, GPUs and number of ports still missing (which ports is then the caller's
 * choice among those the accepted offers hold, {@link AcceptedOffers}). Among equally
 * few, the smallest (fewest GPUs, then least CPUs, then memory) is taken, keeping GPUs for GPU
 * jobs and big offers for big jobs; on a
 * further tie the earliest offers in the order given. Over {@link #EXACT_LIMIT} candidates the
 * search is greedy (largest first, then what is not needed is dropped, smallest first). When
 * nothing less covers the need, every offer is taken (as before offers were chosen). Pure and
 * deterministic.
 */
public final class OfferChoice {
    /** The most candidate offers searched exhaustively (2^12 sets). */
    static final int EXACT_LIMIT = 12;
    private static final double EPS = 1e-9;

    /** What the tasks on one agent need together: resources, a number of ports, and the ports that must be those. */
    public record Need(double cpus, double memMb, double diskMb, int gpus, int ports, Set<Integer> pinned) {
        public Need {
            pinned = Set.copyOf(pinned);
        }
    }

    private OfferChoice() {
    }

    /** The offers to accept, in the order given. */
    public static List<OfferMade> choose(List<OfferMade> offers, Need need) {
        return choose(offers, need, List.of());
    }

    /**
     * The offers to accept, in the order given, {@code required} among them (the offers an ACCEPT
     * that jobs share names already, {@link OpenAccept}; {@code need} then counts their tasks too).
     */
    public static List<OfferMade> choose(List<OfferMade> offers, Need need, List<OfferMade> required) {
        if (offers.size() <= 1) {
            return offers;
        }
        List<OfferMade> mandatory = new ArrayList<>();
        List<OfferMade> optional = new ArrayList<>();
        for (OfferMade offer : offers) {
            (required.contains(offer) || holdsAny(offer, need.pinned()) ? mandatory : optional).add(offer);
        }
        double[] missing = {need.cpus() - sum(mandatory, 0), need.memMb() - sum(mandatory, 1),
            need.diskMb() - sum(mandatory, 2), need.gpus() - sum(mandatory, 3), need.ports() - sum(mandatory, 4)};
        List<OfferMade> extra = covers(List.of(), missing) ? List.of()
                : optional.size() <= EXACT_LIMIT ? exact(optional, missing) : greedy(optional, missing);
        if (extra == null) {
            return offers;
        }
        return offers.stream().filter(o -> mandatory.contains(o) || extra.contains(o)).toList();
    }

    /** The fewest, then smallest, then earliest set of {@code candidates} covering {@code missing}; null if none. */
    private static List<OfferMade> exact(List<OfferMade> candidates, double[] missing) {
        int n = candidates.size();
        int best = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            if (covers(subset(candidates, mask), missing) && (best == 0 || better(candidates, mask, best))) {
                best = mask;
            }
        }
        return best == 0 ? null : subset(candidates, best);
    }

    private static boolean better(List<OfferMade> candidates, int mask, int than) {
        int byCount = Integer.compare(Integer.bitCount(mask), Integer.bitCount(than));
        if (byCount != 0) {
            return byCount < 0;
        }
        List<OfferMade> a = subset(candidates, mask);
        List<OfferMade> b = subset(candidates, than);
        int byGpus = Double.compare(sum(a, 3), sum(b, 3));
        if (byGpus != 0) {
            return byGpus < 0;
        }
        int byCpus = Double.compare(sum(a, 0), sum(b, 0));
        if (byCpus != 0) {
            return byCpus < 0;
        }
        int byMem = Double.compare(sum(a, 1), sum(b, 1));
        if (byMem != 0) {
            return byMem < 0;
        }
        int firstDifference = Integer.lowestOneBit(mask ^ than);
        return (mask & firstDifference) != 0; // the set holding the earlier offer
    }

    /** Largest first until covered, then each one not needed dropped, smallest first; null if all do not cover. */
    private static List<OfferMade> greedy(List<OfferMade> candidates, double[] missing) {
        Comparator<OfferMade> bySize = Comparator.comparingDouble(OfferMade::cpus).thenComparingDouble(OfferMade::memMb)
                .thenComparingInt(OfferMade::gpus);
        List<OfferMade> largestFirst = new ArrayList<>(candidates);
        largestFirst.sort(bySize.reversed());
        List<OfferMade> taken = new ArrayList<>();
        for (OfferMade offer : largestFirst) {
            if (covers(taken, missing)) {
                break;
            }
            taken.add(offer);
        }
        if (!covers(taken, missing)) {
            return null;
        }
        List<OfferMade> smallestFirst = new ArrayList<>(taken);
        smallestFirst.sort(bySize);
        for (OfferMade offer : smallestFirst) {
            taken.remove(offer);
            if (!covers(taken, missing)) {
                taken.add(offer);
            }
        }
        return taken;
    }

    private static List<OfferMade> subset(List<OfferMade> candidates, int mask) {
        List<OfferMade> subset = new ArrayList<>(Integer.bitCount(mask));
        for (int i = 0; i < candidates.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                subset.add(candidates.get(i));
            }
        }
        return subset;
    }

    private static boolean covers(Collection<OfferMade> offers, double[] missing) {
        for (int r = 0; r < missing.length; r++) {
            if (sum(offers, r) + EPS < missing[r]) {
                return false;
            }
        }
        return true;
    }

    /** Resource {@code r} summed: 0 CPUs, 1 memory, 2 disk, 3 GPUs, 4 ports. */
    private static double sum(Collection<OfferMade> offers, int r) {
        double total = 0;
        for (OfferMade o : offers) {
            total += switch (r) {
                case 0 -> o.cpus();
                case 1 -> o.memMb();
                case 2 -> o.diskMb();
                case 3 -> o.gpus();
                default -> portCount(o);
            };
        }
        return total;
    }

    static int portCount(OfferMade offer) {
        int count = 0;
        for (PortRange range : offer.ports()) {
            count += range.end() - range.begin() + 1;
        }
        return count;
    }

    static boolean holds(OfferMade offer, int port) {
        for (PortRange range : offer.ports()) {
            if (port >= range.begin() && port <= range.end()) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsAny(OfferMade offer, Set<Integer> ports) {
        for (int port : ports) {
            if (holds(offer, port)) {
                return true;
            }
        }
        return false;
    }
}
