package io.mesoflow.api.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.api.SpecRules;
import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.ShownText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Whether a submitted spec is acceptable, decided in one place for every way a job comes in, in
 * this order:
 * <ol>
 *   <li>a spec that names no team is the caller's team's ({@code default} for a caller of no team, such as
 *       Kafka);</li>
 *   <li>the caller may submit for that team: a refusal (403, audited) comes before any field is
 *       looked at, since whatever else the spec holds it is not theirs to submit;</li>
 *   <li>every field is valid and confined (400 listing each);</li>
 *   <li>the team exists (400 naming {@code team}).</li>
 * </ol>
 */
@ApplicationScoped
public class SpecAcceptance {
    @Inject
    SpecRules rules;

    @Inject
    TeamService teams;

    @Inject
    AuditLog audit;

    public AcceptedSpec accept(ObjectNode submitted, Caller caller) {
        ObjectNode request = submitted.deepCopy();
        if (!request.hasNonNull("team") && caller.team() != null) {
            request.put("team", caller.team());
        }
        if (request.path("team").isTextual()) {
            requireMember(caller, request.path("team").asText());
        }
        JobSpec spec = rules.parser().parse(request, AcceptedSpec.PROVISIONAL_ID);
        requireMember(caller, spec.team());
        if (!teams.exists(spec.team())) {
            throw new SpecValidationException(List.of(new FieldError("team", "no team '" + spec.team()
                    + "'; an admin creates it with PUT /api/v1/teams/" + spec.team())));
        }
        return new AcceptedSpec(request, spec);
    }

    /** A user submits only for their own team (checked again after parsing: a spec naming none may be default's). */
    private void requireMember(Caller caller, String team) {
        if (!caller.canAccess(team)) {
            String shown = ShownText.of(team);
            audit.recordNow(AuditKind.CROSS_TEAM_REFUSED, caller, shown, "submit", "a job for team '" + shown + "'");
            throw new WrongTeamException("you may submit jobs only for team '" + caller.team() + "', not '"
                    + shown + "'");
        }
    }
}
