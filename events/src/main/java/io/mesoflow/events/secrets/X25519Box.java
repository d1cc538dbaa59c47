package io.mesoflow.events.secrets;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sealed-box version 2, for an X25519 launcher key (ECIES, as HPKE's base mode with
 * DHKEM(X25519, HKDF-SHA256) and AES-256-GCM does it, from the JDK's own XDH, HMAC and GCM): a fresh
 * ephemeral X25519 pair per value; its agreement with the launcher's public key, through
 * HKDF-SHA256 (salt {@value #LABEL}, info = ephemeral public key | launcher's public key, both
 * raw 32-byte RFC 7748 encodings), gives the AES-256-GCM key that encrypts the value, the context
 * (job id) authenticated with it. Layout after the version byte:
 * {@code ephemeral public key (32 bytes) | 12-byte IV | ciphertext+tag}.
 *
 * <p>Why not RSA any more: generating an RSA-3072 pair costs seconds of CPU in a JVM limited to
 * its first compiler tier (the local stack's launcher, on every fresh home); an X25519 pair is a
 * single scalar multiplication.
 */
final class X25519Box {
    static final byte VERSION = 2;
    static final String LABEL = "mesoflow sealed-box v2 X25519 HKDF-SHA256 AES-256-GCM";
    private static final int KEY_BYTES = 32;
    /** The curve's base point (u = 9): X25519(k, 9) is the public key of private key k. */
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private X25519Box() {
    }

    static KeyPair generateKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
        generator.initialize(NamedParameterSpec.X25519, Gcm.RANDOM);
        return generator.generateKeyPair();
    }

    static byte[] seal(byte[] value, byte[] context, XECPublicKey recipient) throws GeneralSecurityException {
        KeyPair ephemeral = generateKeyPair();
        byte[] ephemeralRaw = raw((XECPublicKey) ephemeral.getPublic());
        byte[] shared = agree(ephemeral.getPrivate(), recipient);
        byte[] box = Gcm.encrypt(aesKey(shared, ephemeralRaw, raw(recipient)), value, context);
        return ByteBuffer.allocate(1 + KEY_BYTES + box.length).put(VERSION).put(ephemeralRaw).put(box).array();
    }

    /** {@code in} is positioned after the version byte. */
    static byte[] open(ByteBuffer in, byte[] context, PrivateKey key) throws GeneralSecurityException {
        byte[] ephemeralRaw = new byte[KEY_BYTES];
        in.get(ephemeralRaw);
        byte[] shared = agree(key, publicKey(ephemeralRaw));
        return Gcm.decrypt(aesKey(shared, ephemeralRaw, agree(key, publicKey(BASE_POINT))), in, context);
    }

    /** X25519(private, public): 32 bytes; the JDK refuses a result of all zeros (a small-order point). */
    private static byte[] agree(PrivateKey own, XECPublicKey other) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(own);
        agreement.doPhase(other, true);
        return agreement.generateSecret();
    }

    /** HKDF-SHA256 (RFC 5869), one block: extract with the label as salt, expand with both public keys. */
    private static SecretKeySpec aesKey(byte[] shared, byte[] ephemeralRaw, byte[] recipientRaw)
            throws GeneralSecurityException {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(LABEL.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        byte[] prk = extract.doFinal(shared);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update(ephemeralRaw);
        expand.update(recipientRaw);
        expand.update((byte) 1);
        return new SecretKeySpec(expand.doFinal(), "AES");
    }

    /** The RFC 7748 encoding of a public key: its u-coordinate, 32 bytes little-endian. */
    static byte[] raw(XECPublicKey key) {
        byte[] bigEndian = key.getU().toByteArray();
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < Math.min(KEY_BYTES, bigEndian.length); i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static XECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = raw[KEY_BYTES - 1 - i];
        }
        return publicKey(new BigInteger(1, bigEndian));
    }

    private static XECPublicKey publicKey(BigInteger u) throws GeneralSecurityException {
        return (XECPublicKey) KeyFactory.getInstance("XDH")
                .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
    }
}
