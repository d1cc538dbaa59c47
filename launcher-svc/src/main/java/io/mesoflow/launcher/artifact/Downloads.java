package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Copies an artifact into a new file and tells its SHA-256, then checks it against the spec's. */
final class Downloads {
    private Downloads() {
    }

    /** Writes the artifact at {@code uri} to the new file {@code target}; returns its SHA-256 (lower-case hex). */
    static String download(ArtifactSource source, URI uri, Path target) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(source.open(uri), sha256);
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Throws {@link ArtifactDigestMismatch} when the spec gives a digest ({@code expected}) that differs. */
    static void check(String name, String actual, String expected) throws ArtifactDigestMismatch {
        if (expected != null && !expected.toLowerCase(Locale.ROOT).equals(actual)) {
            throw new ArtifactDigestMismatch(name, actual, expected);
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
