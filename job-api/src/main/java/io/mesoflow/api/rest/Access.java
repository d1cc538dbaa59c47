package io.mesoflow.api.rest;

import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.auth.CurrentCaller;
import io.mesoflow.api.model.JobEntity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

/**
 * What the current caller may touch. Another team's job answers 404, the same as a job that does
 * not exist, so job ids of other teams cannot be probed. Every refusal of something that exists
 * for another team, and every non-admin asking for an admin's action, is audited.
 */
@RequestScoped
public class Access {
    static final int MAX_REQUEST_TEXT = 300;

    @Inject
    CurrentCaller current;

    @Inject
    AuditLog audit;

    @Inject
    HttpServerRequest request;

    public Caller caller() {
        return current.get();
    }

    /** The job, if the caller may see it. Needs a transaction. */
    public JobEntity job(String id) {
        JobEntity job = JobEntity.findById(id);
        if (job != null && !caller().canAccess(job.team)) {
            audit.recordNow(AuditKind.CROSS_TEAM_REFUSED, caller(), job.team, "job " + id, request());
        }
        if (job == null || !caller().canAccess(job.team)) {
            throw new NotFoundException("no job '" + id + "'");
        }
        return job;
    }

    public void requireAdmin() {
        if (!caller().admin()) {
            audit.recordNow(AuditKind.ADMIN_REFUSED, caller(), caller().team(), null, request());
            throw new ForbiddenException("only an admin may do this");
        }
    }

    /** The team, if the caller is its member or an admin; 404 otherwise. */
    public void requireTeam(String team) {
        if (!caller().canAccess(team)) {
            audit.recordNow(AuditKind.CROSS_TEAM_REFUSED, caller(), team, "team " + team, request());
            throw new NotFoundException("no team '" + team + "'");
        }
    }

    /** The request as an audit entry shows it: method and path. */
    private String request() {
        String text = request.method().name() + " " + request.path();
        return text.length() <= MAX_REQUEST_TEXT ? text : text.substring(0, MAX_REQUEST_TEXT) + "...";
    }
}
