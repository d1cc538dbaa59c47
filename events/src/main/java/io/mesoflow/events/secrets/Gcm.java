package io.mesoflow.events.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM as both sealed-box versions use it: a random 12-byte IV, then ciphertext and 128-bit tag. */
final class Gcm {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private Gcm() {
    }

    /** {@code IV | ciphertext+tag}, {@code aad} authenticated with it. */
    static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        gcm.updateAAD(aad);
        byte[] ciphertext = gcm.doFinal(plaintext);
        return ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
    }

    /** Reads {@code IV | ciphertext+tag} from the rest of {@code in}; throws when the tag does not match. */
    static byte[] decrypt(SecretKey key, ByteBuffer in, byte[] aad) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        gcm.updateAAD(aad);
        return gcm.doFinal(ciphertext);
    }
}
