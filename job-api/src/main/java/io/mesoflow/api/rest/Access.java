package io.mesoflow.api.rest;

import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.auth.CurrentCaller;
import io.mesoflow.api.model.JobEntity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

/**
 * What the current caller may touch. Another team's job answers 404, the same as a job that does
 * not exist, so job ids of other teams cannot be probed.
 */
@RequestScoped
public class Access {
    @Inject
    CurrentCaller current;

    public Caller caller() {
        return current.get();
    }

    /** The job, if the caller may see it. Needs a transaction. */
    public JobEntity job(String id) {
        JobEntity job = JobEntity.findById(id);
        if (job == null || !caller().canAccess(job.team)) {
            throw new NotFoundException("no job '" + id + "'");
        }
        return job;
    }

    public void requireAdmin() {
        if (!caller().admin()) {
            throw new ForbiddenException("only an admin may do this");
        }
    }

    /** The team, if the caller is its member or an admin; 404 otherwise. */
    public void requireTeam(String team) {
        if (!caller().canAccess(team)) {
            throw new NotFoundException("no team '" + team + "'");
        }
    }
}
