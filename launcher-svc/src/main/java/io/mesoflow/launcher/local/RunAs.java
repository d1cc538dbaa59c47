package io.mesoflow.launcher.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who a local task runs as: its team's Unix user, switched to by a root launcher with setpriv, or the
 * launcher's own user where the launcher is not root (it cannot switch).
 *
 * @param user    the team's user; null: the launcher's own
 * @param setting the setting that named the user, for messages
 */
public record RunAs(UnixUser user, String setting) {
    static RunAs launcherItself() {
        return new RunAs(null, null);
    }

    public boolean switches() {
        return user != null;
    }

    /**
     * The command run as the user: real and effective uid and gid, its groups, and no capabilities left
     * (setpriv execs, so the task keeps the pid the launcher records and signals as a process group).
     */
    List<String> command(List<String> command) {
        if (!switches()) {
            return command;
        }
        List<String> run = new ArrayList<>(List.of("setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(),
                "--init-groups", "--inh-caps=-all", "--"));
        run.addAll(command);
        return run;
    }

    /** A switched task's HOME is its sandbox and its PATH only what its user can reach. */
    void adjust(Map<String, String> env, Path sandbox, String launcherPath) {
        if (switches()) {
            env.put("PATH", TaskPath.of(launcherPath, dir -> DirAccess.reachable(dir, user)));
            env.put("HOME", sandbox.toString());
            env.put("USER", user.name());
            env.put("LOGNAME", user.name());
        }
    }

    /** For the task's status message: which user it runs as. */
    String describe() {
        return switches() ? "as " + user : "as the launcher's own user " + System.getProperty("user.name");
    }
}
