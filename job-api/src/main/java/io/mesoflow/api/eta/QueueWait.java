package io.mesoflow.api.eta;

/**
 * What a queued job waits for, read from the reason placement gives it (docs/placement.md,
 * "Reasons"): its team's quota, its team's GPU-hour budget, or resources (anything else).
 */
public enum QueueWait {
    RESOURCES, TEAM_QUOTA, TEAM_BUDGET;

    public static QueueWait of(String team, String reason) {
        if (reason == null || team == null) {
            return RESOURCES;
        }
        if (reason.startsWith("team " + team + " over GPU-hour budget")) {
            return TEAM_BUDGET;
        }
        if (reason.startsWith("team " + team + " quota:")) {
            return TEAM_QUOTA;
        }
        return RESOURCES;
    }
}
