package io.mesoflow.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestCredentialTest {
    @ParameterizedTest(name = "{0} auth={1} cookie={2} header={3} -> token={4} cookie={5} status={6}")
    @CsvSource(nullValues = "-", value = {
            // method, Authorization, cookie, X-Mesoflow-Console, token, fromCookie, refused status
            "GET,    Bearer mf_a,  -,     -, mf_a, false, 0",
            "POST,   Bearer mf_a,  -,     -, mf_a, false, 0",   // a bearer token needs no console header
            "POST,   bearer mf_a,  mf_c,  -, mf_a, false, 0",   // the bearer token wins over the cookie
            "GET,    Basic abc,    mf_c,  -, -,    false, 401",
            "GET,    -,            -,     -, -,    false, 401",
            "GET,    -,            ' ',   -, -,    false, 401",
            "GET,    -,            mf_c,  -, mf_c, true,  0",
            "HEAD,   -,            mf_c,  -, mf_c, true,  0",
            "POST,   -,            mf_c,  -, -,    false, 403", // CSRF: a change with the cookie alone
            "PATCH,  -,            mf_c,  -, -,    false, 403",
            "DELETE, -,            mf_c,  0, -,    false, 403",
            "PUT,    -,            mf_c,  1, mf_c, true,  0",
            "post,   -,            mf_c,  1, mf_c, true,  0",
    })
    void aRequestsCredentialIsTheBearerTokenElseTheCookieWithTheConsoleHeaderForChanges(
            String method, String authorization, String cookie, String header, String token, boolean fromCookie,
            int status) {
        RequestCredential.Outcome outcome = RequestCredential.of(authorization, cookie, method, header);

        assertThat(outcome.token()).isEqualTo(token);
        assertThat(outcome.fromCookie()).isEqualTo(fromCookie);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.refused()).isEqualTo(status != 0);
        if (status == 403) {
            assertThat(outcome.detail()).contains("X-Mesoflow-Console: 1");
        }
    }
}
