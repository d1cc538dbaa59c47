package io.mesoflow.api.messaging;

import io.mesoflow.api.model.SecretAuditEntity;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.SecretResolved;
import io.mesoflow.service.EventInbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps the secret-resolution audit trail from {@code mesoflow.audit} for admins to query. The
 * topic also carries job-api's own entries ({@code AuditRecorded}), already stored by the instance
 * that wrote them: those are skipped.
 */
@ApplicationScoped
public class AuditRecorder {
    @Inject
    EventInbox inbox;

    @Incoming("audit")
    @Blocking
    public CompletionStage<Void> onAudit(Message<String> message) {
        return inbox.inTransaction(message, this::record);
    }

    void record(MesoflowEvent event) {
        if (!(event instanceof SecretResolved resolved)) {
            return;
        }
        boolean seen = SecretAuditEntity.count("jobId = ?1 and source = ?2 and resolvedAt = ?3 and outcome = ?4",
                resolved.jobId(), resolved.source(), resolved.resolvedAt(), resolved.outcome()) > 0;
        if (seen) {
            return;
        }
        SecretAuditEntity row = new SecretAuditEntity();
        row.jobId = resolved.jobId();
        row.tasks = String.join(",", resolved.tasks());
        row.source = resolved.source();
        row.outcome = resolved.outcome();
        row.reason = resolved.reason();
        row.resolvedAt = resolved.resolvedAt();
        row.persist();
    }
}
