package io.mesoflow.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    @Test
    void tokensAreLongRandomAndPrefixed() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ApiTokens.generate();
            assertThat(token).startsWith("mf_").hasSize(46).doesNotContain(".");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void onlyCompactJwsShapedTokensAreTreatedAsJwts() {
        assertThat(ApiTokens.looksLikeJwt("eyJh.eyJz.c2ln")).isTrue();
        assertThat(ApiTokens.looksLikeJwt(ApiTokens.generate())).isFalse();
        assertThat(ApiTokens.looksLikeJwt("a.b")).isFalse();
    }

    @Test
    void theStoredDigestIsSha256Hex() {
        assertThat(ApiTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aCallerAccessesItsOwnTeamAndAnAdminEveryTeam() {
        assertThat(new Caller("a", "ml", false).canAccess("ml")).isTrue();
        assertThat(new Caller("a", "ml", false).canAccess("vision")).isFalse();
        assertThat(new Caller("root", null, true).canAccess("vision")).isTrue();
        assertThat(new Caller("x", null, false).canAccess(null)).isFalse();
    }
}
