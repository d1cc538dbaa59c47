package io.mesoflow.events.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sealed-box version 1, for an RSA launcher key (pairs generated before version 2, or provisioned
 * as RSA): a fresh AES-256-GCM key encrypts the value and RSA-OAEP (SHA-256, MGF1-SHA-256) wraps
 * that key for the launcher's public key. Layout after the version byte:
 * {@code wrapped-key length (2 bytes) | wrapped key | 12-byte IV | ciphertext+tag}.
 */
final class RsaOaepBox {
    static final byte VERSION = 1;
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private RsaOaepBox() {
    }

    static byte[] seal(byte[] value, byte[] context, PublicKey recipient) throws GeneralSecurityException {
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256, Gcm.RANDOM);
        SecretKey key = aes.generateKey();
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, recipient, OAEP);
        byte[] wrapped = rsa.doFinal(key.getEncoded());
        byte[] box = Gcm.encrypt(key, value, context);
        return ByteBuffer.allocate(1 + 2 + wrapped.length + box.length)
                .put(VERSION).putShort((short) wrapped.length).put(wrapped).put(box).array();
    }

    /** {@code in} is positioned after the version byte. */
    static byte[] open(ByteBuffer in, byte[] context, PrivateKey key) throws GeneralSecurityException {
        byte[] wrapped = new byte[in.getShort()];
        in.get(wrapped);
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, key, OAEP);
        return Gcm.decrypt(new SecretKeySpec(rsa.doFinal(wrapped), "AES"), in, context);
    }
}
