package io.mesoflow.api.audit;

import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.model.AuditEntity;
import io.mesoflow.events.AuditRecorded;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Records admin actions and cross-team refusals: a row in {@code audit_log} and, through the
 * outbox, an {@link AuditRecorded} on {@code mesoflow.audit} (keyed by team), in the same
 * transaction. Callers pass names and ids only: never a secret value or a token.
 */
@ApplicationScoped
public class AuditLog {
    /** The actor of what job-api does on its own (e.g. the generated admin token). */
    public static final Caller SYSTEM = new Caller("job-api", null, true);
    static final int MAX_TEXT = 1000;

    @Inject
    Outbox outbox;

    /** Records an entry in the current transaction (it is kept only if that commits). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditKind kind, Caller actor, String team, String target, String detail) {
        AuditEntity entry = new AuditEntity();
        entry.recordedAt = Instant.now();
        entry.kind = kind.name();
        entry.actor = cut(actor.subject() == null ? "unknown" : actor.subject());
        entry.actorTeam = actor.team();
        entry.actorAdmin = actor.admin();
        entry.team = cut(team);
        entry.target = cut(target);
        entry.detail = cut(detail);
        entry.persist();
        publish(entry);
    }

    /** Records an entry in a transaction of its own: for refusals, whose request does not commit. */
    public void recordNow(AuditKind kind, Caller actor, String team, String target, String detail) {
        QuarkusTransaction.requiringNew().run(() -> record(kind, actor, team, target, detail));
    }

    private void publish(AuditEntity entry) {
        outbox.add(Topics.AUDIT, new AuditRecorded(entry.id, entry.kind, entry.recordedAt, entry.actor, entry.actorTeam,
                entry.actorAdmin, entry.team, entry.target, entry.detail));
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
