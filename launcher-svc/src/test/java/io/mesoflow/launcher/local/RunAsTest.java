package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a task is started as its team's user, and what a launcher that cannot switch does instead. */
class RunAsTest {
    static final UnixUser ML = new UnixUser("ml-user", 1001, 1002, Set.of(1002, 44));

    @Test
    void aTeamsUserIsSwitchedToWithSetprivWhichKeepsThePid() {
        assertThat(new RunAs(ML, "s").command(List.of("setsid", "/bin/sh", "-c", "x")))
                .containsExactly("setpriv", "--reuid=1001", "--regid=1002", "--init-groups", "--inh-caps=-all", "--",
                        "setsid", "/bin/sh", "-c", "x");
    }

    @Test
    void aLauncherThatIsNotRootRunsTheCommandAsItIs() {
        assertThat(RunAs.launcherItself().command(List.of("setsid", "x"))).containsExactly("setsid", "x");
        assertThat(RunAs.launcherItself().describe()).startsWith("as the launcher's own user");
    }

    @Test
    void aSwitchedTaskGetsItsSandboxAsHomeAndItsOwnName() {
        Map<String, String> env = new HashMap<>(Map.of("HOME", "/root", "PATH", "/root/bin:/usr/bin"));

        new RunAs(ML, "s").adjust(env, Path.of("/sandboxes/j/w/0"), "/root/.pyenv/shims:/usr/bin:/bin");

        assertThat(env).containsEntry("HOME", "/sandboxes/j/w/0").containsEntry("USER", "ml-user")
                .containsEntry("LOGNAME", "ml-user");
        assertThat(env.get("PATH")).doesNotContain("/root").contains("/usr/bin");
        assertThat(new RunAs(ML, "s").describe()).isEqualTo("as ml-user (uid 1001)");
    }
}
