package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownUsersTest {
    static final UnixUser ML = new UnixUser("ml", 998, 998, Set.of(998));

    final Map<String, UnixUser> host = new HashMap<>(Map.of("ml", ML));
    final List<String> asked = new ArrayList<>();
    long now = 0;
    final KnownUsers users = new KnownUsers(name -> {
        asked.add(name);
        return Optional.ofNullable(host.get(name));
    }, Duration.ofSeconds(30), () -> now);

    @Test
    void aLaunchOfSixTasksOfOneTeamAsksTheHostOnce() throws Exception {
        for (int task = 0; task < 6; task++) {
            assertThat(users.find("ml")).contains(ML);
        }
        assertThat(asked).containsExactly("ml");
    }

    @Test
    void aUserIsAskedForAgainOnceItsEntryIsOld() throws Exception {
        users.find("ml");
        now += Duration.ofSeconds(31).toNanos();
        host.put("ml", new UnixUser("ml", 998, 998, Set.of(998, 27)));

        assertThat(users.find("ml").orElseThrow().groups()).contains(27);
        assertThat(asked).containsExactly("ml", "ml");
    }

    @Test
    void aMissingUserIsAskedForAtEveryStartSoCreatingItTakesEffectAtOnce() throws Exception {
        assertThat(users.find("cv")).isEmpty();
        host.put("cv", new UnixUser("cv", 997, 997, Set.of(997)));

        assertThat(users.find("cv")).isPresent();
        assertThat(asked).containsExactly("cv", "cv");
    }
}
