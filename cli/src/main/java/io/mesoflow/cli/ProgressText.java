package io.mesoflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A job's progress and ETAs as text, at one moment ({@code now}) and in one zone. */
final class ProgressText {
    /** How many scalars status shows (losses first, then accuracies, then the rest by name). */
    static final int MAIN_SCALARS = 4;
    /** A report older than this while the job runs is marked with its age. */
    static final Duration STALE_AFTER = Duration.ofSeconds(60);
    static final int STATUS_BAR_WIDTH = 30;

    private final boolean unicode;
    private final Instant now;
    private final ZoneId zone;

    ProgressText(boolean unicode, Instant now, ZoneId zone) {
        this.unicode = unicode;
        this.now = now;
        this.zone = zone;
    }

    static ProgressText of(Display display) {
        return new ProgressText(display.unicode(), display.clock().instant(), display.zone());
    }

    /** The bar, or "" while the total is unknown. */
    String bar(Progress p, int width) {
        Double done = p.done();
        return done == null ? "" : ProgressBar.render(done, width, unicode);
    }

    /** {@code 1200/3000 (40%)}, or {@code step 1200 (total unknown)}. */
    String steps(Progress p) {
        Double done = p.done();
        if (p.totalSteps() != null && p.totalSteps() > 0) {
            return p.step() + "/" + p.totalSteps() + " (" + NumberText.percent(done) + ")";
        }
        return "step " + p.step() + (done == null ? " (total unknown)" : " (" + NumberText.percent(done) + ")");
    }

    /** {@code 85.2 steps/s}; {@code ? steps/s} until the rate is measured. */
    String rate(Progress p) {
        return (p.stepsPerSecond() == null ? "?" : NumberText.rate(p.stepsPerSecond())) + " steps/s";
    }

    /** {@code in 4m12s (10:42)} or {@code unknown}. */
    String finish(Progress p) {
        return p.finishEta() == null ? "unknown" : EtaText.eta(p.finishEta(), now, zone);
    }

    /** {@code in 12m00s (10:54): waits for job abc} or {@code unknown: <why>}. */
    String start(StartEta s) {
        String when = s.eta() == null ? "unknown" : EtaText.eta(s.eta(), now, zone);
        return s.reason() == null ? when : when + ": " + s.reason();
    }

    /**
     * The lines {@code status} shows under the job's state: where a QUEUED job stands in the queue
     * and when it should start; how far training has come, its rate and finish ETA, the latest
     * checkpoint, the main scalars and the GPU-hour projection with its warning.
     *
     * @param queuePosition the job's own {@code queuePosition}, for servers that send no {@code startEta}
     */
    List<String> statusLines(String state, Progress p, StartEta s, Long queuePosition) {
        List<String> lines = new ArrayList<>();
        if (s != null || "QUEUED".equals(state)) {
            Long position = s != null && s.position() != null ? s.position() : queuePosition;
            lines.add("queue: position " + (position == null ? "-" : position)
                    + (s == null ? "" : ", start " + start(s)));
        }
        boolean live = !WaitCommand.isEnded(state);
        if (p == null) {
            if (isTraining(state)) {
                lines.add("progress: none reported yet");
            }
            return lines;
        }
        String bar = bar(p, STATUS_BAR_WIDTH);
        lines.add("progress: " + (bar.isEmpty() ? "" : bar + " ") + steps(p)
                + (live ? "  " + rate(p) + "  finish " + finish(p) + staleness(p) : ""));
        lines.add("checkpoint: " + (p.checkpointStep() == null ? "none yet" : "step " + p.checkpointStep()
                + (p.checkpointAt() == null ? "" : " (" + EtaText.age(p.checkpointAt(), now) + ")")));
        String scalars = scalars(p.scalars());
        if (!scalars.isEmpty()) {
            lines.add("scalars: " + scalars);
        }
        lines.addAll(gpuHours(p.gpuHours()));
        return lines;
    }

    /** The one line {@code wait} keeps redrawing: {@code [###---] 1200/3000 (40%)  85.2 steps/s  finish in 4m12s}. */
    String live(Progress p, int barWidth) {
        String bar = bar(p, barWidth);
        return (bar.isEmpty() ? "" : bar + " ") + steps(p) + "  " + rate(p) + "  finish "
                + (p.finishEta() == null ? "unknown" : EtaText.relative(p.finishEta(), now)) + staleness(p);
    }

    /**
     * An ended job's part: {@code [######] 3000/3000 (100%)}, with no rate or finish ETA. Short of 100%
     * it says {@code last reported}: the last reading may predate the end by up to a progress interval.
     */
    String ended(Progress p, int barWidth) {
        String bar = bar(p, barWidth);
        Double done = p.done();
        return (bar.isEmpty() ? "" : bar + " ") + steps(p) + (done != null && done >= 1.0 ? "" : "  last reported");
    }

    /** A queued job's redrawn part: {@code position 3, start in 12m00s} or {@code position 3, start unknown: <why>}. */
    String liveQueued(StartEta s) {
        String when = s.eta() == null ? "unknown" + (s.reason() == null ? "" : ": " + s.reason())
                : EtaText.relative(s.eta(), now);
        return "position " + (s.position() == null ? "-" : s.position()) + ", start " + when;
    }

    /** The main scalars: {@code train/loss 0.312  eval/accuracy 0.91}; tags' control characters escaped. */
    static String scalars(Map<String, Double> scalars) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : mainScalars(scalars, MAIN_SCALARS)) {
            s.append(s.isEmpty() ? "" : "  ").append(TerminalText.clean(e.getKey())).append(' ')
                    .append(NumberText.scalar(e.getValue()));
        }
        return s.toString();
    }

    /** Up to {@code max} scalars: tags with "loss" first, then "acc", then the rest; by name within each. */
    static List<Map.Entry<String, Double>> mainScalars(Map<String, Double> scalars, int max) {
        return scalars.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Double>>comparingInt(e -> rank(e.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .limit(max).toList();
    }

    private static int rank(String tag) {
        String t = tag.toLowerCase(java.util.Locale.ROOT);
        return t.contains("loss") ? 0 : t.contains("acc") ? 1 : 2;
    }

    private List<String> gpuHours(Progress.GpuHours g) {
        List<String> lines = new ArrayList<>();
        if (g == null) {
            return lines;
        }
        List<String> parts = new ArrayList<>();
        if (g.used() != null) {
            parts.add(NumberText.hours(g.used()) + " used");
        }
        if (g.projected() != null) {
            parts.add(NumberText.hours(g.projected()) + " projected");
        }
        if (g.teamRemaining() != null) {
            parts.add(NumberText.hours(g.teamRemaining()) + " left in the team's budget");
        }
        if (!parts.isEmpty()) {
            lines.add("gpu-hours: " + String.join(", ", parts));
        }
        if (g.warning() != null) {
            lines.add("warning: " + g.warning());
        }
        return lines;
    }

    private String staleness(Progress p) {
        return p.observedAt() != null && Duration.between(p.observedAt(), now).compareTo(STALE_AFTER) > 0
                ? "  (reported " + EtaText.age(p.observedAt(), now) + ")" : "";
    }

    /** States in which a job's tasks run and progress is expected. */
    static boolean isTraining(String state) {
        return "RUNNING".equals(state) || "RESTARTING".equals(state) || "LAUNCHING".equals(state);
    }
}
