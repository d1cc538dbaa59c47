package io.mesoflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which user runs a team's tasks, and which setting says so. */
class TeamUsersTest {
    static final TeamUsers USERS = new TeamUsers("mesoflow", Map.of("ml", "ml-user", "vision.cv", "cv-user"));

    @ParameterizedTest(name = "team {0}: {1} ({2})")
    @CsvSource(nullValues = "none", value = {
        "ml,        ml-user,  mesoflow.launcher.task-users.\"ml\"",
        "vision.cv, cv-user,  mesoflow.launcher.task-users.\"vision.cv\"",
        "default,   mesoflow, mesoflow.launcher.task-user",
        "ML,        mesoflow, mesoflow.launcher.task-user",
        "none,      mesoflow, mesoflow.launcher.task-user",
    })
    void aTeamRunsAsItsMappedUserElseTheDefault(String team, String user, String setting) {
        assertThat(USERS.userOf(team)).isEqualTo(user);
        assertThat(USERS.settingOf(team)).isEqualTo(setting);
    }

    @org.junit.jupiter.api.Test
    void everyUserOnceTheDefaultIncluded() {
        assertThat(USERS.users()).containsExactly("cv-user", "mesoflow", "ml-user");
        assertThat(new TeamUsers("mesoflow", Map.of("a", "mesoflow")).users()).containsExactly("mesoflow");
    }
}
