package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A task user's PATH: the launcher's, less what that user cannot reach, plus the system directories. */
class TaskPathTest {
    /** What a task user can reach here: nothing under /root. */
    static final Set<String> UNREACHABLE = Set.of("/root/.pyenv/shims", "/root/.pyenv/bin", "/root/.cargo/bin",
            "/opt/private/bin");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "/root/.cargo/bin:/root/.pyenv/shims:/root/.pyenv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            + " | /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "/opt/conda/bin:/usr/bin:/bin            | /opt/conda/bin:/usr/bin:/bin:/usr/local/bin",
        "/usr/bin:/usr/bin::.:bin:/opt/private/bin | /usr/bin:/usr/local/bin:/bin",
        "''                                        | /usr/local/bin:/usr/bin:/bin",
        "none                                      | /usr/local/bin:/usr/bin:/bin",
    })
    void keepsTheLaunchersOrderLessWhatTheUserCannotReach(String launcherPath, String taskPath) {
        assertThat(TaskPath.of(launcherPath, dir -> !UNREACHABLE.contains(dir))).isEqualTo(taskPath);
    }
}
