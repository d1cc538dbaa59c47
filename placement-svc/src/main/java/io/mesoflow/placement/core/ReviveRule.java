package io.mesoflow.placement.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether placement asks the backend to revive (Mesos {@code REVIVE}: clear every refusal filter and
 * offer again what is not offered now) after a pass. Only when work waits for resources the held
 * offers cannot give it, and resources may be hidden from placement: offers were suppressed and no
 * revive followed, or a decline's refusal filter may still be running. Held offers that do not fit
 * do not stop it: what a filter withholds, merged with them, may fit, and waiting for the filter to
 * run out costs its seconds. Revives are rate-limited so a job that cannot fit anywhere does not
 * revive on every pass: once per decline since the last revive, else at most every half filter.
 */
public final class ReviveRule {
    private ReviveRule() {
    }

    /**
     * @param waitingForResources a job or relaunch waits for resources after this pass
     * @param revivePending       a suppress was sent and no revive since
     * @param lastDecline         when this instance last declined an offer
     * @param lastRevive          when this instance last revived
     * @param refuse              the refusal filter declines are sent with
     */
    public static boolean revive(boolean waitingForResources, boolean revivePending, Instant lastDecline,
                                 Instant lastRevive, Instant now, Duration refuse) {
        if (!waitingForResources) {
            return false;
        }
        if (revivePending) {
            return true;
        }
        boolean filterMayRun = lastDecline.plus(refuse).isAfter(now);
        boolean declinedSinceRevive = lastDecline.isAfter(lastRevive);
        return filterMayRun && (declinedSinceRevive || lastRevive.plus(refuse.dividedBy(2)).isBefore(now));
    }
}
