package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.LauncherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What the local backend does with a task that names a container image ({@code image} in the spec):
 * it has no container runtime, so by default the task ends in ERROR saying so (relaunching cannot
 * help); with {@code local.images=ignore} it runs on this host and the launcher warns once per job.
 */
@ApplicationScoped
public class LocalImages {
    private static final Logger LOG = Logger.getLogger(LocalImages.class);
    private static final int REMEMBERED_JOBS = 10_000;

    @Inject
    LauncherConfig config;

    /** Jobs already warned about, the oldest forgotten first. */
    private final Set<String> warned = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_JOBS;
                }
            }));

    /** Throws (ERROR) when the task of {@code jobId} names {@code image} and images are rejected. */
    void check(String jobId, String image) throws TaskNotStarted {
        Optional<String> refusal = refusal(config.local().images(), image);
        if (refusal.isPresent()) {
            throw new TaskNotStarted(TaskState.ERROR, "REASON_TASK_INVALID", refusal.get());
        }
        if (image != null && warned.add(jobId)) {
            LOG.warnf("job %s names the container image %s: the local backend has no container runtime, so its "
                    + "tasks run on this host (mesoflow.launcher.local.images=ignore)", jobId, image);
        }
    }

    /** Why a task naming {@code image} may not run under {@code policy}; empty when it may. Pure. */
    static Optional<String> refusal(LauncherConfig.ImagePolicy policy, String image) {
        if (image == null || policy == LauncherConfig.ImagePolicy.IGNORE) {
            return Optional.empty();
        }
        return Optional.of("image: the local backend has no container runtime, so the image " + image
                + " was not run; remove image from the job, run it on Mesos, or set "
                + "mesoflow.launcher.local.images=ignore to run its tasks on this host");
    }
}
