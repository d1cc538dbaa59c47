package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.model.ApiTokenEntity;
import io.mesoflow.api.model.SqlTimes;
import io.mesoflow.api.model.TeamEntity;
import io.mesoflow.api.service.BudgetThreshold;
import io.mesoflow.api.service.GpuBurnDown;
import io.mesoflow.api.service.TeamGpuUsage;
import io.mesoflow.api.service.TeamService;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.QuotaParser;
import io.mesoflow.api.spec.SpecLimits;
import io.mesoflow.api.spec.SpecValidationException;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** Teams, quotas and API tokens. Admins manage them; a user sees their own team. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {
    @Inject
    Access access;

    @Inject
    TeamService teams;

    @Inject
    EntityManager entityManager;

    @Inject
    TeamGpuUsage gpuUsage;

    @Inject
    io.mesoflow.api.ApiConfig config;

    /** Who the bearer token says the caller is. */
    @GET
    @Path("/whoami")
    public Caller whoami() {
        return access.caller();
    }

    @GET
    @Path("/teams")
    @Transactional
    public List<TeamView> list() {
        Caller caller = access.caller();
        List<TeamEntity> visible = caller.admin() ? TeamEntity.listAll(Sort.by("name"))
                : TeamEntity.<TeamEntity>find("name", caller.team()).list();
        return visible.stream().map(t -> TeamView.of(t, usage(t))).toList();
    }

    @GET
    @Path("/teams/{team}")
    @Transactional
    public TeamView get(@PathParam("team") String name) {
        access.requireTeam(name);
        TeamEntity team = TeamEntity.findById(name);
        if (team == null) {
            throw new NotFoundException("no team '" + name + "'");
        }
        return TeamView.of(team, usage(team));
    }

    /**
     * The team's GPU-hour budget burning down over its window: one point per finished attempt with
     * GPU time (the attempts {@code gpuHoursUsed} counts), from the window's start to now.
     */
    @GET
    @Path("/teams/{team}/gpu-hours")
    @Transactional
    public GpuHoursView gpuHours(@PathParam("team") String name) {
        get(name); // 404 unless the caller may see the team and it exists
        TeamEntity team = TeamEntity.findById(name);
        Instant now = Instant.now();
        Instant windowStart = TeamGpuUsage.windowStart(team, now);
        List<GpuBurnDown.Use> uses = gpuUsage.uses(team, now);
        double used = uses.stream().mapToDouble(GpuBurnDown.Use::gpuSeconds).sum() / 3600;
        return new GpuHoursView(team.name, team.gpuHoursBudget, team.windowHours, team.windowSeconds, windowStart, now,
                GpuBurnDown.curve(windowStart, now, team.gpuHoursBudget, uses), used, team.policy().wireName(),
                BudgetThreshold.notice(used, team.gpuHoursBudget, config.budget().warningThreshold(), team.policy()));
    }

    /**
     * A team's GPU-hour burn-down: {@code budget} null when the team has none; {@code notice} while
     * its usage is at or over the warning threshold ({@code mesoflow.api.budget.warning-threshold}).
     */
    public record GpuHoursView(String team, Double budget, int windowHours, Long windowSeconds, Instant windowStart,
                               Instant now, List<GpuBurnDown.Point> points, double used, String budgetPolicy,
                               String notice) {
    }

    /** Creates a team or sets its quota; placement applies it at once. */
    @PUT
    @Path("/teams/{team}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("team") String name, String body) {
        access.requireAdmin();
        boolean created = exists(name) == null;
        TeamService.Quota quota = QuotaParser.parse(name, JsonBody.parseOrEmpty(body));
        teams.put(name, quota, access.caller());
        return Response.status(created ? 201 : 200).entity(get(name)).build();
    }

    /** Issues an API token for a team member (or, with {@code "admin": true}, an admin). Shown once. */
    @POST
    @Path("/teams/{team}/tokens")
    @Consumes(MediaType.WILDCARD)
    public Response issueToken(@PathParam("team") String team, String body) {
        access.requireAdmin();
        if (exists(team) == null) {
            throw new NotFoundException("no team '" + team + "'");
        }
        JsonNode json = JsonBody.parseOrEmpty(body);
        String name = json.path("name").asText("");
        if (name.isBlank() || name.length() > 100 || SpecLimits.controlCharacter(name, false) != null) {
            throw new SpecValidationException(List.of(new FieldError("name",
                    "is required (1-100 characters, no control characters)")));
        }
        TeamService.IssuedToken issued = teams.issueToken(team, name, json.path("admin").asBoolean(false), access.caller());
        return Response.status(201).entity(TokenView.of(issued.entity(), issued.token())).build();
    }

    @GET
    @Path("/tokens")
    @Transactional
    public List<TokenView> tokens() {
        access.requireAdmin();
        return ApiTokenEntity.<ApiTokenEntity>listAll(Sort.by("createdAt")).stream()
                .map(t -> TokenView.of(t, null)).toList();
    }

    @DELETE
    @Path("/tokens/{id}")
    public Response revoke(@PathParam("id") String id) {
        access.requireAdmin();
        if (!teams.revoke(id, access.caller())) {
            throw new NotFoundException("no token '" + id + "'");
        }
        return Response.noContent().build();
    }

    @Transactional
    TeamEntity exists(String name) {
        return TeamEntity.findById(name);
    }

    private TeamView.Usage usage(TeamEntity team) {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                SELECT count(*) FILTER (WHERE state IN ('PLACED', 'LAUNCHING', 'RUNNING', 'RESTARTING', 'SUSPENDING')),
                       count(*) FILTER (WHERE state IN ('SUBMITTED', 'QUEUED')),
                       (SELECT coalesce(sum(a.gpu_seconds), 0) FROM task_attempts a JOIN jobs j ON j.id = a.job_id
                         WHERE j.team = ?1 AND a.ended_at >= ?2)
                FROM jobs WHERE team = ?1 AND ended_at IS NULL""")
                .setParameter(1, team.name)
                .setParameter(2, TeamGpuUsage.windowStart(team, Instant.now()))
                .getSingleResult();
        return new TeamView.Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).doubleValue() / 3600);
    }
}
