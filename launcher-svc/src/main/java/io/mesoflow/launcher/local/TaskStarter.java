package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.secrets.TaskSecret;
import io.mesoflow.launcher.task.TaskPrelude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/** Starts a local task as its team's user; what keeps it from starting says how it ends. */
@ApplicationScoped
public class TaskStarter {
    private static final Logger LOG = Logger.getLogger(TaskStarter.class);

    @Inject
    LocalTaskUsers users;

    @Inject
    LauncherConfig config;

    @Inject
    LocalImages images;

    @Inject
    LocalArtifacts artifacts;

    /** A started task: its process and, for its status message, the user it runs as. */
    public record Started(Process process, String runsAs) {
        public long pid() {
            return process.pid();
        }
    }

    public Started start(String jobId, TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                         List<TaskSecret> secrets) throws TaskNotStarted {
        String taskId = task.taskId(jobId);
        try {
            images.check(jobId, task.launch().image());
            RunAs runAs = users.runAs(task.launch().team(), sandbox);
            TaskPrelude.Settings prelude = new TaskPrelude.Settings(config.environments().cache(),
                    config.environments().pipArgs().orElse(""));
            if (task.launch().python() != null) {
                TaskFiles.userFolder(Path.of(prelude.envCache()), runAs);
            }
            Process process = TaskProcess.start(jobId, task, sandbox, slice, secrets, runAs, prelude,
                    artifacts.fetcher());
            LOG.infof("task %s runs %s (pid %d)", taskId, runAs.describe(), process.pid());
            return new Started(process, runAs.describe());
        } catch (TaskNotStarted e) {
            throw e;
        } catch (Exception e) { // whatever else keeps it from starting fails the task, never leaves it staging
            throw new TaskNotStarted(TaskState.FAILED, "REASON_CONTAINER_LAUNCH_FAILED", "could not start: "
                    + e.getMessage());
        }
    }
}
