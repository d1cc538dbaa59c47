package io.mesoflow.launcher.progress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which jobs' progress could not be published, so that a failure is warned about once per job until it
 * is published again, and in which order a round takes the jobs: sorted, starting after the job whose
 * send failed last (a round stops at a failed send, so no job is always left behind another).
 * Framework-free; used by one thread.
 */
final class PublishFailures {
    private final Set<String> failing = new HashSet<>();
    private String lastFailed;

    /** Notes a failed send; true when the job was not failing yet (warn now). */
    boolean failed(String jobId) {
        lastFailed = jobId;
        return failing.add(jobId);
    }

    /** Notes a successful send; true when the job was failing (it recovered). */
    boolean published(String jobId) {
        return failing.remove(jobId);
    }

    /** Forgets jobs no longer running. */
    void retain(Collection<String> jobs) {
        failing.retainAll(jobs);
    }

    /** The jobs in the order a round takes them. */
    List<String> order(Collection<String> jobs) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(jobs));
        int start = 0;
        if (lastFailed != null) {
            while (start < sorted.size() && sorted.get(start).compareTo(lastFailed) <= 0) {
                start++;
            }
        }
        List<String> ordered = new ArrayList<>(sorted.subList(start, sorted.size()));
        ordered.addAll(sorted.subList(0, start));
        return ordered;
    }
}
