package io.mesoflow.launcher.leader;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The lease row in PostgreSQL (table {@code launcher_leader}). Times are the database's, so the
 * launchers' clocks never have to agree; each statement is bounded by a short statement timeout.
 */
@ApplicationScoped
public class LeaseStore {
    @Inject
    EntityManager entityManager;

    /** Takes the lease when it has expired: returns the new epoch, or empty while another holds it. */
    public OptionalLong tryAcquire(String holder, Duration lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boundStatements();
            List<?> epochs = entityManager.createNativeQuery("UPDATE launcher_leader SET holder = ?1,"
                            + " epoch = epoch + 1, acquired_at = now(), expires_at = now() + make_interval(secs => ?2)"
                            + " WHERE id = 1 AND expires_at < now() RETURNING epoch")
                    .setParameter(1, holder).setParameter(2, seconds(lease)).getResultList();
            return epochs.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) epochs.get(0)).longValue());
        });
    }

    /** Extends the lease; false when it is no longer this holder's (another launcher took over). */
    public boolean renew(String holder, long epoch, Duration lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boundStatements();
            return entityManager.createNativeQuery("UPDATE launcher_leader SET expires_at = now()"
                            + " + make_interval(secs => ?3) WHERE id = 1 AND holder = ?1 AND epoch = ?2")
                    .setParameter(1, holder).setParameter(2, epoch).setParameter(3, seconds(lease))
                    .executeUpdate() == 1;
        });
    }

    /** Gives the lease up at once (a clean stop), so a standby need not wait for it to expire. */
    public void release(String holder, long epoch) {
        QuarkusTransaction.requiringNew().run(() -> {
            boundStatements();
            entityManager.createNativeQuery("UPDATE launcher_leader SET expires_at = now() - interval '1 second'"
                            + " WHERE id = 1 AND holder = ?1 AND epoch = ?2")
                    .setParameter(1, holder).setParameter(2, epoch).executeUpdate();
        });
    }

    /**
     * The fence, inside the caller's transaction: the current epoch, read with a share lock so the
     * lease cannot change hands until the caller's transaction ends.
     */
    public long currentEpochLocked() {
        return ((Number) entityManager.createNativeQuery("SELECT epoch FROM launcher_leader WHERE id = 1 FOR SHARE")
                .getSingleResult()).longValue();
    }

    /** Who holds the lease now and until when (for health and tests). */
    public String describe() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) entityManager.createNativeQuery(
                    "SELECT holder, epoch, expires_at > now() FROM launcher_leader WHERE id = 1").getSingleResult();
            return row[0] + " (epoch " + row[1] + (Boolean.TRUE.equals(row[2]) ? ")" : ", expired)");
        });
    }

    private void boundStatements() {
        entityManager.createNativeQuery("SET LOCAL statement_timeout = '2s'").executeUpdate();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
