package io.mesoflow.launcher.local;

import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.TeamUsers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Unix user each local task runs as ({@link TeamUsers}). Only a root launcher can switch users;
 * one that is not runs every task as itself and says so once at start-up.
 */
@ApplicationScoped
public class LocalTaskUsers {
    private static final Logger LOG = Logger.getLogger(LocalTaskUsers.class);

    @Inject
    LauncherConfig config;

    /** The task users, looked up once per launch rather than once per task. */
    private final KnownUsers knownUsers = KnownUsers.ofThisHost();

    /** Whether this launcher is root, the only user that can start a process as another. */
    private final boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

    void onStart(@Observes StartupEvent event) {
        if (!"local".equals(config.backend())) {
            return;
        }
        TeamUsers users = TeamUsers.of(config);
        if (!root) {
            LOG.warnf("the launcher runs as %s, not root: it cannot switch users, so every local task runs as %s "
                    + "and not as its team's user (%s, mesoflow.launcher.task-users)", System.getProperty("user.name"),
                    System.getProperty("user.name"), TeamUsers.DEFAULT_SETTING);
            return;
        }
        LOG.infof("local tasks run as %s, by team %s", users.defaultUser(), users.byTeam());
        for (String name : users.users()) {
            try {
                Optional<UnixUser> user = UnixUser.lookup(name);
                if (user.isEmpty()) {
                    LOG.warnf("task user %s does not exist on this host: its teams' tasks fail (ERROR) until it is "
                            + "created, e.g. useradd --system --user-group --no-create-home --shell /usr/sbin/nologin %s",
                            name, name);
                } else if (user.get().isRoot()) {
                    LOG.warnf("task user %s is root: its teams' tasks fail (ERROR); name an unprivileged user", name);
                } else {
                    DirAccess.blocked(workDir(), user.get()).ifPresent(dir -> LOG.warnf("task user %s cannot reach "
                            + "the sandboxes under %s: it may not search %s; its tasks fail (ERROR) until it can",
                            name, workDir(), dir));
                }
            } catch (IOException e) {
                LOG.warnf("cannot look up task user %s: %s", name, e.getMessage());
            }
        }
    }

    /**
     * Who a task of {@code team} runs as, its sandbox at {@code sandbox}; the launcher itself when it is
     * not root. Throws (the task ends in ERROR) when the host lacks the user, the user is root, or the
     * user cannot reach the sandbox.
     */
    RunAs runAs(String team, Path sandbox) throws TaskNotStarted {
        if (!root) {
            return RunAs.launcherItself();
        }
        TeamUsers users = TeamUsers.of(config);
        String name = users.userOf(team);
        String setting = users.settingOf(team);
        UnixUser user;
        try {
            user = knownUsers.find(name).orElseThrow(() -> TaskNotStarted.hostMisconfigured("the task user " + name
                    + " (" + setting + ") does not exist on this host"));
        } catch (IOException e) {
            throw new TaskNotStarted(io.mesoflow.events.TaskState.FAILED, "REASON_CONTAINER_LAUNCH_FAILED",
                    "cannot look up the task user " + name + ": " + e.getMessage());
        }
        if (user.isRoot()) {
            throw TaskNotStarted.hostMisconfigured("the task user " + name + " (" + setting + ") is root: tasks "
                    + "never run as root");
        }
        Optional<String> blocked = DirAccess.blocked(sandbox, user);
        if (blocked.isPresent()) {
            throw TaskNotStarted.hostMisconfigured("the task user " + name + " (" + setting + ") cannot reach its "
                    + "sandbox " + sandbox + ": it may not search " + blocked.get() + "; make the directories above "
                    + "mesoflow.launcher.local.work-dir searchable (chmod o+x) or move it");
        }
        return new RunAs(user, setting);
    }

    private Path workDir() {
        return Path.of(config.local().workDir()).toAbsolutePath();
    }
}
