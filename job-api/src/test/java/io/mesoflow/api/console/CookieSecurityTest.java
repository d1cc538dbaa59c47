package io.mesoflow.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.api.ApiConfig.Console.SecureCookie;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the login cookie is Secure: over HTTPS, also behind a TLS-terminating proxy, or always when forced. */
class CookieSecurityTest {
    @ParameterizedTest(name = "{0}, scheme {1}, X-Forwarded-Proto {2}, Forwarded {3}: secure {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "AUTO | http  | -           | -                                | false",
        "AUTO | https | -           | -                                | true",
        "AUTO | HTTPS | -           | -                                | true",
        "AUTO | http  | https       | -                                | true",
        "AUTO | http  | ' HTTPS '   | -                                | true",
        "AUTO | http  | 'https,http'| -                                | true",
        "AUTO | http  | http        | -                                | false",
        "AUTO | http  | -           | 'for=1.2.3.4;proto=https'        | true",
        "AUTO | http  | -           | 'for=1.2.3.4; Proto=\"https\"'   | true",
        "AUTO | http  | -           | 'for=1.2.3.4;proto=http'         | false",
        "AUTO | http  | -           | 'for=1.2.3.4'                    | false",
        "TRUE | http  | -           | -                                | true",
        "TRUE | http  | http        | 'proto=http'                     | true",
    })
    void secureWhenTheBrowserSpeaksHttpsOrWhenForced(SecureCookie mode, String scheme, String forwardedProto,
                                                     String forwarded, boolean secure) {
        assertThat(CookieSecurity.secure(mode, scheme, forwardedProto, forwarded)).isEqualTo(secure);
    }
}
