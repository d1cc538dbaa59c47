package io.mesoflow.placement.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Whether placement suppressed offers and whether a revive is owed since. Kept in the database,
 * read and written inside the pass (under its advisory lock): whichever instance runs the next
 * pass, a restarted one included, knows that waiting work must revive first.
 */
@ApplicationScoped
public class OfferFlow {
    /** {@code suppressed}: offers are stopped now; {@code revivePending}: no revive was sent since the suppress. */
    public record State(boolean suppressed, boolean revivePending) {
    }

    @Inject
    EntityManager entityManager;

    @Transactional(Transactional.TxType.MANDATORY)
    public State read() {
        Object[] row = (Object[]) entityManager.createNativeQuery(
                "SELECT suppressed, revive_pending FROM offer_flow WHERE id = 1").getSingleResult();
        return new State((Boolean) row[0], (Boolean) row[1]);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void write(State state) {
        entityManager.createNativeQuery("UPDATE offer_flow SET suppressed = ?1, revive_pending = ?2 WHERE id = 1")
                .setParameter(1, state.suppressed()).setParameter(2, state.revivePending()).executeUpdate();
    }
}
