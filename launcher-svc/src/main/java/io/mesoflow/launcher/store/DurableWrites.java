package io.mesoflow.launcher.store;

import io.mesoflow.launcher.leader.FencedException;
import io.mesoflow.launcher.leader.LeaderElector;
import io.mesoflow.service.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * A write that must land: what the launcher records about a task after it acted (the task started,
 * the task ended, an offer was used) cannot be skipped because the database is briefly away, or the
 * task would be forgotten. Retried with back-off for as long as this launcher leads; once it no
 * longer does, the next leader rebuilds the same facts from the task's process and sandbox.
 */
@ApplicationScoped
public class DurableWrites {
    private static final Logger LOG = Logger.getLogger(DurableWrites.class);

    @Inject
    LeaderElector elector;

    /** Runs {@code write} until it succeeds; throws {@link FencedException} once this launcher stops leading. */
    public void run(String what, Runnable write) {
        Backoff backoff = Backoff.ofMillis(100, 2_000);
        while (true) {
            try {
                write.run();
                return;
            } catch (FencedException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!elector.acting()) {
                    throw new FencedException("gave up " + what + ": this launcher no longer leads");
                }
                LOG.warnf("%s failed, retrying in %d ms: %s", what, backoff.peekMs(), e.getMessage());
                if (!backoff.pause()) {
                    throw new FencedException("interrupted while " + what);
                }
            }
        }
    }
}
