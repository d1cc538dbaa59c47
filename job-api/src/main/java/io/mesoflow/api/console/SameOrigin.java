package io.mesoflow.api.console;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a browser's {@code Origin} header names the site it posts to, so another site's form
 * cannot log a visitor in or out of the console. Browsers send {@code Origin} with every POST; a
 * client that sends none (curl) is not a browser and may post. Pure.
 */
public final class SameOrigin {
    private SameOrigin() {
    }

    /**
     * @param origin the {@code Origin} header ({@code scheme://host[:port]}), or null
     * @param host   the {@code Host} header ({@code host[:port]}) the request was sent to
     */
    public static boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            String originAuthority = uri.getHost().toLowerCase(Locale.ROOT) + ":"
                    + (uri.getPort() == -1 ? defaultPort : uri.getPort());
            return originAuthority.equals(authority(host.strip().toLowerCase(Locale.ROOT), defaultPort));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String authority(String host, int defaultPort) {
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > 0 && host.indexOf(']', colon) < 0;
        return hasPort ? host : host + ":" + defaultPort;
    }
}
