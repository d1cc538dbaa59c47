package io.mesoflow.api.service;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Job ids: readable in listings and logs, and unique without asking the database. */
public final class JobIds {
    static final int SLUG_CHARS = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    /** An id for a job named {@code name} (a validated name): the name, shortened, and 8 random hex digits. */
    public static String mint(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (slug.length() > SLUG_CHARS) {
            slug = slug.substring(0, SLUG_CHARS);
        }
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return slug + "-" + HexFormat.of().formatHex(bytes);
    }
}
