package io.mesoflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * An RS256 JWT issuer for end-to-end tests: a fresh key pair whose public half job-api verifies
 * ({@code mesoflow.api.auth.jwt.public-key-location}); tokens for a team, valid or already expired.
 */
public final class TestJwt {
    private final KeyPair keys;
    private final Path publicKeyFile;

    private TestJwt(KeyPair keys, Path publicKeyFile) {
        this.keys = keys;
        this.publicKeyFile = publicKeyFile;
    }

    /** A new key pair; the public key is written as PEM to {@code dir/jwt-public.pem}. */
    public static TestJwt create(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Files.createDirectories(dir);
            Path file = dir.resolve("jwt-public.pem");
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            return new TestJwt(keys, file);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A token for a member of {@code team} that expires at {@code expiresAt} (in the past: already expired). */
    public String token(String subject, String team, Instant expiresAt) {
        String header = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        long now = Instant.now().getEpochSecond();
        String payload = encode("{\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"team\":\"" + team
                + "\",\"iat\":" + Math.min(now, expiresAt.getEpochSecond() - 60) + ",\"exp\":"
                + expiresAt.getEpochSecond() + "}");
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
