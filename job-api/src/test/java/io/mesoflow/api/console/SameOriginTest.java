package io.mesoflow.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SameOriginTest {
    @ParameterizedTest(name = "Origin {0}, Host {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "-,                          127.0.0.1:8080,  true",   // not a browser (curl)
            "http://127.0.0.1:8080,      127.0.0.1:8080,  true",
            "http://LOCALHOST:8080,      localhost:8080,  true",
            "https://console.example,    console.example, true",   // default ports
            "http://console.example,     console.example:80, true",
            "https://evil.example,       console.example, false",
            "http://127.0.0.1:9999,      127.0.0.1:8080,  false",
            "http://127.0.0.1,           127.0.0.1:8080,  false",
            "null,                       127.0.0.1:8080,  false",  // a sandboxed or file: page
            "not a url,                  127.0.0.1:8080,  false",
            "http://127.0.0.1:8080,      -,               false",
    })
    void onlyAPostFromTheConsolesOwnSiteOrFromNoBrowserIsAllowed(String origin, String host, boolean allowed) {
        assertThat(SameOrigin.allows(origin, host)).isEqualTo(allowed);
    }
}
