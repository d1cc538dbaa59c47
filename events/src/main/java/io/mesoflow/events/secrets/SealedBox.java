package io.mesoflow.events.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * How secrets-svc seals a secret value for the launcher, with standard JDK crypto only: the value
 * is encrypted with AES-256-GCM under a key only the launcher's private key recovers, the context
 * (the job id) authenticated with it, so a sealed value cannot be replayed into another job. A
 * sealed value is base64 of {@code version (1 byte) | the version's layout}:
 * <ul>
 *   <li>version 2 ({@link X25519Box}), for an X25519 launcher key: ECIES with an ephemeral X25519
 *   key, HKDF-SHA256 and AES-256-GCM. {@link #generateKeyPair} makes X25519 pairs.</li>
 *   <li>version 1 ({@link RsaOaepBox}), for an RSA launcher key (pairs made before version 2, or
 *   provisioned as RSA): RSA-OAEP-256 wraps a fresh AES-256-GCM key.</li>
 * </ul>
 * {@link #seal} picks the version from the key's type; {@link #open} from the version byte, and
 * refuses a box whose version does not match its key. Keys travel as PEM (X.509 public, PKCS#8
 * private) of either type.
 */
public final class SealedBox {
    private SealedBox() {
    }

    /** A new launcher key pair: X25519 (a sealed value for it is version 2). */
    public static KeyPair generateKeyPair() {
        try {
            return X25519Box.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String seal(String value, String context, PublicKey recipient) {
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        byte[] bound = context.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] box;
            if (recipient instanceof XECPublicKey xec) {
                box = X25519Box.seal(plain, bound, xec);
            } else if (recipient instanceof RSAPublicKey) {
                box = RsaOaepBox.seal(plain, bound, recipient);
            } else {
                throw new IllegalArgumentException("not an X25519 or RSA public key: " + recipient.getAlgorithm());
            }
            return Base64.getEncoder().encodeToString(box);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** The value, if it was sealed for this key and this context; throws IllegalArgumentException otherwise. */
    public static String open(String sealed, String context, PrivateKey key) {
        byte[] bound = context.getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(sealed));
            byte version = in.get();
            byte[] plain;
            if (version == X25519Box.VERSION && key instanceof XECPrivateKey) {
                plain = X25519Box.open(in, bound, key);
            } else if (version == RsaOaepBox.VERSION && key instanceof RSAPrivateKey) {
                plain = RsaOaepBox.open(in, bound, key);
            } else {
                throw new IllegalArgumentException("sealed-box version " + version + " does not match the key");
            }
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            // never the value, never the cause's message (a cipher's message may quote input)
            throw new IllegalArgumentException("the sealed value cannot be opened with this key for " + context);
        }
    }

    public static String encodePublic(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String encodePrivate(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PublicKey decodePublic(String pem) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(unpem(pem));
        return decode(factory -> factory.generatePublic(spec), "public key (X.509 PEM)");
    }

    public static PrivateKey decodePrivate(String pem) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(unpem(pem));
        return decode(factory -> factory.generatePrivate(spec), "private key (PKCS#8 PEM)");
    }

    /** One of a key factory's {@code generate} methods. */
    private interface Generate<K> {
        K from(KeyFactory factory) throws GeneralSecurityException;
    }

    /** The key as the first of {@link #ALGORITHMS} that reads it. */
    private static <K> K decode(Generate<K> generate, String what) {
        for (String algorithm : ALGORITHMS) {
            try {
                return generate.from(KeyFactory.getInstance(algorithm));
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not an X25519 or RSA " + what);
    }

    private static final String[] ALGORITHMS = {"XDH", "RSA"};

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").strip());
    }
}
