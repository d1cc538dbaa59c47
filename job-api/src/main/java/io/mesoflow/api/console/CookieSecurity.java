package io.mesoflow.api.console;

import io.mesoflow.api.ApiConfig.Console.SecureCookie;
import java.util.Locale;

/**
 * Whether the login cookie is {@code Secure}. Behind a TLS-terminating proxy job-api itself sees
 * plain HTTP, so {@code auto} also trusts the proxy's {@code X-Forwarded-Proto} or
 * {@code Forwarded: proto=}: a client that forges them only restricts its own cookie to HTTPS.
 */
final class CookieSecurity {
    private CookieSecurity() {
    }

    /**
     * @param scheme         the scheme job-api saw
     * @param forwardedProto the {@code X-Forwarded-Proto} header (its first value), or null
     * @param forwarded      the {@code Forwarded} header (its first element), or null
     */
    static boolean secure(SecureCookie mode, String scheme, String forwardedProto, String forwarded) {
        return mode == SecureCookie.TRUE || isHttps(scheme) || isHttps(first(forwardedProto, ','))
                || isHttps(forwardedProtoOf(first(forwarded, ',')));
    }

    private static String forwardedProtoOf(String element) {
        if (element == null) {
            return null;
        }
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("proto")) {
                return pair.substring(eq + 1).strip().replace("\"", "");
            }
        }
        return null;
    }

    private static String first(String value, char separator) {
        if (value == null) {
            return null;
        }
        int at = value.indexOf(separator);
        return (at < 0 ? value : value.substring(0, at)).strip();
    }

    private static boolean isHttps(String scheme) {
        return scheme != null && scheme.strip().toLowerCase(Locale.ROOT).equals("https");
    }
}
