package io.mesoflow.api.eta;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * When each queued job should start. A documented approximation (docs/eta.md): the cluster is
 * one pool of cpus, memory and GPUs (no agents, no fragmentation, no constraints, no free capacity
 * now, no DRF tie-breaks). Running jobs free their whole demand at their finish ETA, earliest first;
 * queued jobs take that in the order placement serves them (priority, higher first, then submit
 * time), so a job starts once what was freed covers the jobs ahead of it plus its own demand. A job
 * held by its team's quota counts only its team's running jobs and the team's jobs ahead; one held
 * by its team's GPU-hour budget waits for the window, which this does not model.
 */
public final class StartEstimator {
    /** A job placement has queued; {@code reason} is the one placement gave. */
    public record Queued(String jobId, String team, int priority, Instant submittedAt, Demand demand, String reason) {
    }

    /** A job holding resources; {@code finishEta} null with {@code noEtaReason} when unknown. */
    public record Running(String jobId, String team, Demand demand, Instant finishEta, String noEtaReason) {
    }

    /** A queued job's place (1 = next) and start ETA; {@code eta} null when unknown, {@code reason} says why. */
    public record Estimate(String jobId, int position, Instant eta, String reason) {
    }

    /** The order placement serves the queue: priority (higher first), then submit time, then id. */
    public static final Comparator<Queued> PLACEMENT_ORDER = Comparator.comparingInt((Queued q) -> -q.priority())
            .thenComparing(Queued::submittedAt).thenComparing(Queued::jobId);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private StartEstimator() {
    }

    /**
     * Every queued job's estimate, in placement's order. {@code visibleTeam} says whose jobs the
     * reader may see by id; another team's job is named "a job of another team".
     */
    public static List<Estimate> estimate(List<Queued> queued, List<Running> running, Instant now,
                                          Predicate<String> visibleTeam) {
        List<Queued> order = new ArrayList<>(queued);
        order.sort(PLACEMENT_ORDER);
        Releases all = new Releases(running);
        Map<String, Releases> byTeam = new HashMap<>();
        Map<String, Demand> teamAhead = new HashMap<>();
        Demand ahead = Demand.NONE;
        List<Estimate> estimates = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            Queued job = order.get(i);
            QueueWait wait = QueueWait.of(job.team(), job.reason());
            Demand ownTeamAhead = teamAhead.getOrDefault(job.team(), Demand.NONE);
            Estimate estimate = switch (wait) {
                case TEAM_BUDGET -> new Estimate(job.jobId(), i + 1, null, waitsFor(job.reason()));
                case TEAM_QUOTA -> startOnce(job, i + 1, ownTeamAhead.plus(job.demand()),
                        byTeam.computeIfAbsent(job.team(), t -> new Releases(running.stream()
                                .filter(r -> t.equals(r.team())).toList())), now, visibleTeam);
                case RESOURCES -> startOnce(job, i + 1, ahead.plus(job.demand()), all, now, visibleTeam);
            };
            estimates.add(estimate);
            if (wait != QueueWait.TEAM_BUDGET) {
                ahead = ahead.plus(job.demand());
                teamAhead.put(job.team(), ownTeamAhead.plus(job.demand()));
            }
        }
        return estimates;
    }

    private static Estimate startOnce(Queued job, int position, Demand needed, Releases releases, Instant now,
                                      Predicate<String> visibleTeam) {
        if (releases.isEmpty()) {
            return new Estimate(job.jobId(), position, null, waitsFor(job.reason()));
        }
        Running covering = releases.coveringFinish(needed);
        if (covering != null) {
            Instant eta = covering.finishEta().isBefore(now) ? now : covering.finishEta();
            return new Estimate(job.jobId(), position, eta, "waits for " + name(covering, visibleTeam)
                    + " (finish ETA " + time(covering.finishEta(), now) + ")");
        }
        Running noEta = releases.firstWithoutEta();
        if (noEta != null) {
            String why = noEta.noEtaReason() == null ? "reports no progress" : "has no finish ETA: " + noEta.noEtaReason();
            return new Estimate(job.jobId(), position, null, "waits for " + name(noEta, visibleTeam) + ", which " + why);
        }
        return new Estimate(job.jobId(), position, null, "needs more than the running jobs free ("
                + describe(needed) + " with the jobs ahead); " + waitsFor(job.reason()));
    }

    private static String waitsFor(String reason) {
        return "waits for " + (reason == null || reason.isBlank() ? "placement" : reason);
    }

    private static String name(Running job, Predicate<String> visibleTeam) {
        return visibleTeam.test(job.team()) ? "job " + job.jobId() : "a job of another team";
    }

    /** A time as reasons show it, in UTC: {@code 10:42 UTC} today, else with the date. */
    static String time(Instant at, Instant now) {
        boolean sameDay = at.atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
        return (sameDay ? TIME : DATE_TIME).format(at) + " UTC";
    }

    static String describe(Demand d) {
        return fmt(d.cpus()) + " cpus, " + fmt(d.memMb()) + " MB mem, " + d.gpus() + " gpus";
    }

    static String fmt(double v) {
        double rounded = Math.round(v * 100) / 100.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }
}
