package io.mesoflow.api.auth;

import java.util.Locale;
import java.util.Set;

/**
 * Which credential an {@code /api/} request carries, and whether it may use it. A bearer token
 * ({@code Authorization: Bearer ...}) wins; else the web console's login cookie. A request that
 * changes something (anything but GET, HEAD and OPTIONS) authenticated by the cookie must carry
 * {@code X-Mesoflow-Console: 1}, which only the console's own scripts send: a form or link on
 * another site cannot, so the cookie cannot be used to forge changes (CSRF). Pure: no framework.
 */
public final class RequestCredential {
    /** The console's login cookie: the API token itself, HttpOnly, SameSite=Strict, Path=/. */
    public static final String COOKIE = "mesoflow_console";
    /** The header the console's scripts send with every request. */
    public static final String CONSOLE_HEADER = "X-Mesoflow-Console";
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "Bearer ";

    private RequestCredential() {
    }

    /** What to do with a request: authenticate {@code token}, or refuse it with {@code status}. */
    public record Outcome(String token, boolean fromCookie, int status, String detail) {
        static Outcome token(String token, boolean fromCookie) {
            return new Outcome(token, fromCookie, 0, null);
        }

        static Outcome refused(int status, String detail) {
            return new Outcome(null, false, status, detail);
        }

        public boolean refused() {
            return token == null;
        }
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param cookie        the value of the {@link #COOKIE} cookie, or null
     * @param method        the HTTP method
     * @param consoleHeader the {@link #CONSOLE_HEADER} header, or null
     */
    public static Outcome of(String authorization, String cookie, String method, String consoleHeader) {
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Outcome.refused(401, "send 'Authorization: Bearer <token>' (an API token or a JWT)");
            }
            return Outcome.token(authorization.substring(BEARER.length()).strip(), false);
        }
        if (cookie == null || cookie.isBlank()) {
            return Outcome.refused(401, "send 'Authorization: Bearer <token>' (an API token or a JWT), "
                    + "or log in to the console at /console/login.html");
        }
        if (!SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT)) && !"1".equals(consoleHeader)) {
            return Outcome.refused(403, "a change authenticated by the console's login cookie must carry the header '"
                    + CONSOLE_HEADER + ": 1' (the console sends it; other sites cannot)");
        }
        return Outcome.token(cookie.strip(), true);
    }
}
