package io.mesoflow.api.limits;

/** A team submitted faster than its rate limit allows (HTTP 429 with {@code Retry-After}). */
public class RateLimitedException extends RuntimeException {
    private final String team;
    private final long retryAfterSeconds;

    public RateLimitedException(String team, long retryAfterSeconds, TeamRateLimiter.Limit limit) {
        super("rate limited: team '" + team + "' may submit " + format(limit.perSecond()) + " jobs per second (bursts of "
                + limit.burst() + ") on this job-api instance; retry in " + retryAfterSeconds + " s");
        this.team = team;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String team() {
        return team;
    }

    /** Whole seconds until a submission is allowed again, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
