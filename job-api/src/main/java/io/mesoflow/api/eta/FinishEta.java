package io.mesoflow.api.eta;

import java.time.Duration;
import java.time.Instant;

/**
 * When training reaches its last step at the measured rate: {@code observedAt + (totalSteps - step)
 * / stepsPerSecond}. Unknown, with the reason, when an input is missing or the rate is not positive;
 * a job at or past its last step finishes at {@code observedAt}.
 */
public final class FinishEta {
    /** An ETA, or null with the reason it is unknown. */
    public record Estimate(Instant eta, String reason) {
        static Estimate known(Instant eta) {
            return new Estimate(eta, null);
        }

        static Estimate unknown(String reason) {
            return new Estimate(null, reason);
        }

        public boolean isKnown() {
            return eta != null;
        }
    }

    /** The longest an ETA may lie ahead; a slower rate is reported as unknown rather than overflowing. */
    static final Duration HORIZON = Duration.ofDays(3650);

    private FinishEta() {
    }

    public static Estimate estimate(Long step, Long totalSteps, Double stepsPerSecond, Instant observedAt) {
        if (observedAt == null) {
            return Estimate.unknown("no progress reported");
        }
        if (step == null) {
            return Estimate.unknown("no step reported");
        }
        if (totalSteps == null || totalSteps <= 0) {
            return Estimate.unknown("total steps unknown");
        }
        if (step >= totalSteps) {
            return Estimate.known(observedAt);
        }
        if (stepsPerSecond == null) {
            return Estimate.unknown("step rate not measured yet");
        }
        if (!(stepsPerSecond > 0) || stepsPerSecond.isInfinite()) {
            return Estimate.unknown("step rate is " + (stepsPerSecond.isNaN() || stepsPerSecond <= 0 ? "0" : "not finite"));
        }
        double seconds = (totalSteps - step) / stepsPerSecond;
        if (seconds > HORIZON.toSeconds()) {
            return Estimate.unknown("step rate too slow to finish within " + HORIZON.toDays() / 365 + " years");
        }
        return Estimate.known(observedAt.plusMillis(Math.round(seconds * 1000)));
    }
}
