package io.mesoflow.placement.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempt each task of a job gets when its whole gang is placed: one more than the highest
 * attempt placement has seen for the task (placed, or asked to relaunch, dropped ones included;
 * monitor's fences from a SUSPENDED are kept as dropped relaunches too, {@code SuspensionBook});
 * a task never seen (a new job, or one a revision added) starts at 0.
 */
@ApplicationScoped
public class ResumedAttempts {
    @Inject
    EntityManager entityManager;

    /** Task name to its next attempt, for the tasks seen before. */
    @SuppressWarnings("unchecked")
    public Map<String, Integer> next(String jobId) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT task_name, max(attempt) FROM ("
                + "SELECT task_name, attempt FROM placed_tasks WHERE job_id = ?1 UNION ALL "
                + "SELECT task_name, attempt FROM pending_relaunches WHERE job_id = ?1) seen GROUP BY task_name")
                .setParameter(1, jobId).getResultList();
        Map<String, Integer> next = new HashMap<>();
        rows.forEach(r -> next.put((String) r[0], ((Number) r[1]).intValue() + 1));
        return next;
    }
}
