package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code id} says about a user, and which directories it may pass through. */
class UnixUserTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "uid=998(mesoflow) gid=998(mesoflow) groups=998(mesoflow)       | 998   | 998   | 998",
        "uid=1001(ml) gid=1001(ml) groups=1001(ml),27(sudo),44(video)    | 1001  | 1001  | 1001 27 44",
        "uid=1002(x) gid=100(users) groups=100(users),5000               | 1002  | 100   | 100 5000",
        "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\\n   | 65534 | 65534 | 65534",
        "uid=2000(ldap) gid=2000                                         | 2000  | 2000  | 2000",
    })
    void parsesWhatIdPrints(String output, int uid, int gid, String groups) {
        UnixUser user = UnixUser.parseId("u", output.replace("\\n", "\n")).orElseThrow();

        assertThat(user.uid()).isEqualTo(uid);
        assertThat(user.gid()).isEqualTo(gid);
        assertThat(user.groups()).isEqualTo(Arrays.stream(groups.split(" ")).map(Integer::valueOf)
                .collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {"''", "id: 'x': no such user", "uid=abc gid=1"})
    void anythingElseIsNoUser(String output) {
        assertThat(UnixUser.parseId("x", output)).isEmpty();
    }

    @ParameterizedTest(name = "mode {0} owner {1}:{2} -> {3}")
    @CsvSource({
        // mode, owner uid, owner gid, may a user with uid 1001, groups 1001 and 27 search it
        "0700, 0,    0,    false",
        "0711, 0,    0,    true",
        "0755, 0,    0,    true",
        "0750, 0,    27,   true",
        "0750, 0,    0,    false",
        "0700, 1001, 1001, true",
        "0070, 1001, 1001, false",
        "0701, 0,    27,   false",
        "0705, 2000, 2000, true",
        "0600, 1001, 0,    false",
    })
    void searchPermissionFollowsOwnerThenGroupThenOthers(String mode, int ownerUid, int ownerGid, boolean may) {
        UnixUser user = new UnixUser("ml", 1001, 1001, Set.of(1001, 27));

        assertThat(user.canSearch(Integer.parseInt(mode, 8), ownerUid, ownerGid)).isEqualTo(may);
    }

    @Test
    void looksUpUsersOfThisHost() throws Exception {
        assertThat(UnixUser.lookup("root")).hasValueSatisfying(u -> assertThat(u.isRoot()).isTrue());
        assertThat(UnixUser.lookup("mesoflow-no-such-user")).isEmpty();
        assertThat(UnixUser.lookup("--help")).isEmpty();
        assertThat(UnixUser.lookup("a b")).isEmpty();
    }
}
