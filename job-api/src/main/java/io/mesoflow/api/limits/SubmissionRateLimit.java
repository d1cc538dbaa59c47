package io.mesoflow.api.limits;

import io.mesoflow.api.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The per-team submission rate limit of this job-api instance ({@code mesoflow.api.rate-limit.*}),
 * shared by every way a job comes in (HTTP, DC/OS options, Kafka). Each instance keeps its own
 * buckets: with N instances behind a balancer a team gets up to N times the rate.
 */
@ApplicationScoped
public class SubmissionRateLimit {
    private final ApiConfig.RateLimit config;
    private final TeamRateLimiter limiter;

    @Inject
    public SubmissionRateLimit(ApiConfig config) {
        this.config = config.rateLimit();
        this.limiter = new TeamRateLimiter(this::limitOf, System::nanoTime);
    }

    /** Counts one submission of {@code team}; throws {@link RateLimitedException} when it is over its limit. */
    public void acquire(String team) {
        long wait = limiter.acquire(team);
        if (wait > 0) {
            throw new RateLimitedException(team, wait, limitOf(team));
        }
    }

    TeamRateLimiter.Limit limitOf(String team) {
        ApiConfig.RateLimit.Team own = config.teams().get(team);
        double rate = own != null && own.submissionsPerSecond().isPresent() ? own.submissionsPerSecond().getAsDouble()
                : config.submissionsPerSecond();
        int burst = own != null && own.burst().isPresent() ? own.burst().getAsInt() : config.burst();
        return rate > 0 ? new TeamRateLimiter.Limit(rate, Math.max(1, burst)) : null;
    }
}
