package io.mesoflow.api.rest;

import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.service.QueueEstimates;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * The queue as placement serves it (priority, higher first, then submit time), with each job's
 * start ETA. A user sees their team's queued jobs (positions count every team's); admins see all,
 * or one team's with {@code team}. A reason names another team's job only to an admin.
 */
@Path("/api/v1/queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {
    @Inject
    Access access;

    @Inject
    QueueEstimates queue;

    @GET
    public QueueView queue(@QueryParam("team") String team) {
        Caller caller = access.caller();
        String only = caller.admin() ? team : caller.team();
        return new QueueView(queue.estimate(caller::canAccess, Instant.now()).values().stream()
                .filter(q -> only == null || only.equals(q.team()))
                .map(QueueView.Item::of).toList());
    }
}
