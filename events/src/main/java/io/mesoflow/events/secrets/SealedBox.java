package io.mesoflow.events.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * How secrets-svc seals a secret value for the launcher, with standard JDK crypto: a fresh
 * AES-256-GCM key encrypts the value (the job id is the associated data, so a sealed value
 * cannot be replayed into another job), and RSA-OAEP (SHA-256) wraps that key for the launcher's
 * public key. Format (base64): {@code 1 | wrapped-key length (2 bytes) | wrapped key | 12-byte IV | ciphertext+tag}.
 */
public final class SealedBox {
    private static final byte VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private SealedBox() {
    }

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String seal(String value, String context, PublicKey recipient) {
        try {
            KeyGenerator aes = KeyGenerator.getInstance("AES");
            aes.init(256, RANDOM);
            SecretKey key = aes.generateKey();
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = gcm.doFinal(value.getBytes(StandardCharsets.UTF_8));
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, recipient, OAEP);
            byte[] wrapped = rsa.doFinal(key.getEncoded());
            ByteBuffer out = ByteBuffer.allocate(1 + 2 + wrapped.length + iv.length + ciphertext.length);
            out.put(VERSION).putShort((short) wrapped.length).put(wrapped).put(iv).put(ciphertext);
            return Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** The value, if it was sealed for this key and this context; throws otherwise. */
    public static String open(String sealed, String context, PrivateKey key) {
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(sealed));
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("unknown sealed-box version");
            }
            byte[] wrapped = new byte[in.getShort()];
            in.get(wrapped);
            byte[] iv = new byte[12];
            in.get(iv);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, key, OAEP);
            SecretKey aes = new SecretKeySpec(rsa.doFinal(wrapped), "AES");
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, iv));
            gcm.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(gcm.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
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
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(unpem(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key (PEM)", e);
        }
    }

    public static PrivateKey decodePrivate(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(unpem(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key (PKCS#8 PEM)", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").strip());
    }
}
