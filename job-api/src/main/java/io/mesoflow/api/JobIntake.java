package io.mesoflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.limits.SubmissionRateLimit;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.spec.SpecLimits;
import io.mesoflow.events.JobSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every way a job comes in (HTTP, DC/OS options, Kafka) goes through here: the caller's team is
 * filled in or checked (a refusal is audited), the spec validated and confined, the team's rate
 * limit taken, the team must exist, and an idempotency key (when given) answers a repeated
 * submission with the job it created.
 */
@ApplicationScoped
public class JobIntake {
    @Inject
    JobService jobs;

    @Inject
    SpecRules rules;

    @Inject
    SubmissionRateLimit rateLimit;

    @Inject
    AuditLog audit;

    /** What a submission did: the job, and whether this call created it (false: a replay). */
    public record Outcome(JobEntity job, boolean created) {
    }

    /** Thrown when a user submits for a team that is not theirs. */
    public static class WrongTeamException extends RuntimeException {
        public WrongTeamException(String message) {
            super(message);
        }
    }

    public Outcome submit(JsonNode request, Caller caller, String idempotencyKey, String body) {
        JobEntity known = jobs.replay(idempotencyKey, body);
        if (known != null) {
            if (!caller.canAccess(known.team)) {
                audit.recordNow(AuditKind.CROSS_TEAM_REFUSED, caller, known.team, "job " + known.id,
                        "replay of another team's Idempotency-Key");
                throw new JobChanges.ConflictException("Idempotency-Key '" + idempotencyKey + "' is taken");
            }
            return new Outcome(known, false);
        }
        if (request instanceof ObjectNode object && !object.hasNonNull("team") && caller.team() != null) {
            object.put("team", caller.team());
        }
        if (request != null && request.path("team").isTextual()) {
            requireTeam(caller, request.path("team").asText());
        }
        String jobId = JobService.newJobId(request != null && request.path("name").isTextual()
                ? request.path("name").asText() : "job");
        JobSpec spec = rules.parser().parse(request, jobId);
        requireTeam(caller, spec.team());
        rateLimit.acquire(spec.team());
        try {
            return new Outcome(jobs.submit(jobId, spec, request.toString(), idempotencyKey, body), true);
        } catch (RuntimeException e) {
            JobEntity raced = idempotencyKey == null ? null : jobs.replay(idempotencyKey, body);
            if (raced == null || !caller.canAccess(raced.team)) {
                throw e;
            }
            return new Outcome(raced, false);
        }
    }

    /** A user submits only for their own team; a refusal is audited. */
    private void requireTeam(Caller caller, String team) {
        if (!caller.canAccess(team)) {
            String shown = SpecLimits.shown(team);
            audit.recordNow(AuditKind.CROSS_TEAM_REFUSED, caller, shown, "submit", "a job for team '" + shown + "'");
            throw new WrongTeamException("you may submit jobs only for team '" + caller.team() + "', not '"
                    + shown + "'");
        }
    }
}
