package io.mesoflow.launcher;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Unix user runs a team's tasks, on both backends: {@code mesoflow.launcher.task-users."<team>"},
 * else {@code mesoflow.launcher.task-user}. Pure.
 *
 * @param defaultUser the user of every team not named in {@code byTeam}
 * @param byTeam      team to user
 */
public record TeamUsers(String defaultUser, Map<String, String> byTeam) {
    public static final String DEFAULT_SETTING = "mesoflow.launcher.task-user";

    public TeamUsers {
        byTeam = Map.copyOf(byTeam);
    }

    public static TeamUsers of(LauncherConfig config) {
        return new TeamUsers(config.taskUser(), config.taskUsers());
    }

    /** The user of a team; a task without a team (launched before tasks carried one) runs as the default. */
    public String userOf(String team) {
        return team != null && byTeam.containsKey(team) ? byTeam.get(team) : defaultUser;
    }

    /** The setting that names a team's user: what an operator changes when that user is wrong. */
    public String settingOf(String team) {
        return team != null && byTeam.containsKey(team) ? "mesoflow.launcher.task-users.\"" + team + "\""
                : DEFAULT_SETTING;
    }

    /** Every user some team runs as, the default included. */
    public Set<String> users() {
        Set<String> users = new TreeSet<>(byTeam.values());
        users.add(defaultUser);
        return users;
    }
}
