package io.mesoflow.events.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
    static final KeyPair LAUNCHER = SealedBox.generateKeyPair();

    /** A version-2 box sealed for GOLDEN_X25519_KEY: pins the format (a change must not break launchers). */
    static final String GOLDEN_X25519_KEY =
            "-----BEGIN PRIVATE KEY-----\n" +
            "MC4CAQAwBQYDK2VuBCIEIL9h20dyvoFdow9ViOfFpu61mG5bWuGByyR9T9RgCBlw\n" +
            "-----END PRIVATE KEY-----\n";
    static final String GOLDEN_X25519_PUBLIC =
            "-----BEGIN PUBLIC KEY-----\n" +
            "MCowBQYDK2VuAyEAERL9pxxiZp3mC5/2WVvfSbv6zl9AbfE+qyA2MfCr1Dc=\n" +
            "-----END PUBLIC KEY-----\n";
    static final String GOLDEN_V2 =
            "ApXZJxHTGjhYynqxLOouwzQmkeslgBmbmOKJLhpBlggS/jHIJjaN483eVzAj1yY6I+4uUZ/S6cJxE5pTw4EVz6XD9e" +
            "EzbP4OI/q3Fg==";
    /** A version-1 box sealed for GOLDEN_RSA_KEY (RSA-2048): launchers with an RSA pair keep opening. */
    static final String GOLDEN_RSA_KEY =
            "-----BEGIN PRIVATE KEY-----\n" +
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDoqy3jNe+CR4+K\n" +
            "aIG4nCVg3ZByJ8dFhfqF0fqo0UtqGLCQr/+EaRcyexBM6WdLwFswIuSRRKU4ZFuE\n" +
            "PyyUTqRX+hEq21YN2SC7G0y2GnEcrSFmszHY+vIqdlIDVsX04cMKu66KmG8NeFsG\n" +
            "i4+378zf4xvN8lJNz8NGhEzsssGueUfkXtKD12FKOMbUpaowx3FRQDTdzvqUdAQW\n" +
            "ig5gOzR6DjaODNTi53flNgkD8kLLTwRTb0WYvoYGqjfNMmgxvob7s8PMX2/VX5bu\n" +
            "MQ768L3QT8Va9WCF2tq9BPgsPlkfXdQx2W0y+ecR7n/t5XzxhJnVLnVrabOxCSHC\n" +
            "oJnKrlGbAgMBAAECggEAXlSMiapj3Pt7YD+nnDu+UcvylL245mB/5gJwcEJOo4i4\n" +
            "CSk53Kqoy4AmZzBX/1fRAK6c4aKlo7vYeMEOJ2DM85hAnpIHjRzDTuiuDMSiqGAv\n" +
            "Aw7Svmhbh0iqTo0/O93OMEtQZAOSPrFVok0x6v6PnxPaQYClysNZpfzcnTiKGtxu\n" +
            "GYQKCBs7NfWrOeRcbm6PFiWlemn2iGFPFj6iAz27BhsVfQF+JU0b2v3BvD/d/iaB\n" +
            "rL+4YWYHC1cRPAvJYYEphLyjkCUyQ9BIMT14ngmPH/3metyvFLvNrX73rWQ1TyNg\n" +
            "rN1zFu/W3+tRZ15rW4u0OQIeBl3nGP21E24N75wY7QKBgQDyv9PG93eNFnsBd++f\n" +
            "UteVz7CcckTHLLKLlO9snasQKmImhZUW/27svF47xshaptd6RycsCqbi57aLMJ4g\n" +
            "98T4WLM+o88nUmQ7PDi2ACy9BdqcvNZ6XCRod2YH6BCt2/gOvzjrMsPvRSFGZ2Lu\n" +
            "Ae9PBomwYusfKkhyjjMuMpcNHwKBgQD1Xnwzy8wdlo+r9aW7htzvQ9VsCD/iOrDU\n" +
            "831Kpg+me6dYc6eLB1pgLZAbfgTdGw3GiE5QIAagqlJ6vH1Bt6ekcO3CJz27zkRu\n" +
            "z3DzrgS0IuZJCTqEgsITjMWk+1YEcuKp2MELdzSWUqLUJtMAYC3U7I5lwCImS9kE\n" +
            "LBtH0tLwBQKBgQDUGylAwRqE/Q+dyN5nqEsXa9I14OKX5kZcEFbj4SCHj4ETh8Ut\n" +
            "wyN5V14/fQGzs/Szs1hW8ze/LBgkpuaEh/pjxZ1ZLmjjQuqxl302ChENWQAb1CTT\n" +
            "5Y8qeKl+Xxez0nB88jkZydHKT+0zR0L6FFa2BlBo/wXSxW9oKTgvNaUmoQKBgDlb\n" +
            "lP0mrthb0coI6m0j4ZGs8b8HTqe7wIqHQMqqdw4b6cqrfobpeR7yh7VliA2HvXij\n" +
            "dGsWkXYNWqqGVWF/ZRjzrSCtu6ijVyvwIh9UlpTlc5+vIJbJWkTnq2wdtMXldUbu\n" +
            "/HGJtClPt/CQAtMbqJsVkVQHzfPV1y06gkYP6m9hAoGAQGb0so1cFL5ven0faKA6\n" +
            "rSLPSJ/Ge+5fFkqCXH4omWai3fYQed7xi/FxaCaBTSZAxCqZUK/M9VH0nqs3Qo0b\n" +
            "LWM/T1UiIjuofhtLbV9yDPnsI+qRdv8yyO6LcfE8rFNq44vR6reqO6eE8K3Z1Hx/\n" +
            "1LCwE39EF+Vy3vfXSX8QM8U=\n" +
            "-----END PRIVATE KEY-----\n";
    static final String GOLDEN_V1 =
            "AQEATLXfXXx+u3Yc8XgikBze4m6n+C3EOLlybXWHB1MMigBHcuPw0UQV3tXtiqcZ9d3OLcN5n1Sr9fSZX/36RNskQV" +
            "ie3+g3Ue4AT7VMQZK/HzdUX4CrVZoCQZZ8lO8k8EgJ3eBNRsvrmEoSZVVbwdVVR0TEzQpE/ZEVItC37fPpYMjAbtVG" +
            "OVvTKi+cDHE+3y377L7n5hy5UvZbejgdDdyZeWexCBIdi7EeZib1OqVu5u/hgjskAmLqttfJ1BTPk7OUh06kx6q0SK" +
            "Jj1ueNpga+FOzUUtuhGYBFCQuG1zIk5SuZOjnNubGGJadYisPa3zuaMDdSBejxiuXhao1KVwNDZKG8gx2jy7CdXVsx" +
            "TRD0SncXkA+UvVksIFJtMhppAbk/8lNWFj5OSPM8Egc=";

    @Test
    void aSealedValueOpensWithTheLaunchersKeyForItsJob() {
        String sealed = SealedBox.seal("s3cr3t-value", "job-1", LAUNCHER.getPublic());

        assertThat(LAUNCHER.getPublic().getAlgorithm()).isEqualTo("XDH");
        assertThat(Base64.getDecoder().decode(sealed)[0]).isEqualTo((byte) 2);
        assertThat(sealed).doesNotContain("s3cr3t");
        assertThat(SealedBox.open(sealed, "job-1", LAUNCHER.getPrivate())).isEqualTo("s3cr3t-value");
    }

    @Test
    void goldenBoxesOfBothVersionsOpen() {
        assertThat(SealedBox.open(GOLDEN_V2, "job-golden", SealedBox.decodePrivate(GOLDEN_X25519_KEY)))
                .isEqualTo("golden-value-v2");
        assertThat(SealedBox.open(GOLDEN_V1, "job-golden", SealedBox.decodePrivate(GOLDEN_RSA_KEY)))
                .isEqualTo("golden-value-v1");
    }

    @Test
    void anRsaKeyStillSealsVersionOne() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        String sealed = SealedBox.seal("value", "job-1",
                SealedBox.decodePublic(SealedBox.encodePublic(pair.getPublic())));

        assertThat(Base64.getDecoder().decode(sealed)[0]).isEqualTo((byte) 1);
        assertThat(SealedBox.open(sealed, "job-1", SealedBox.decodePrivate(SealedBox.encodePrivate(pair.getPrivate()))))
                .isEqualTo("value");
        assertThatThrownBy(() -> SealedBox.open(sealed, "job-1", LAUNCHER.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedBox.open(GOLDEN_V2, "job-golden", pair.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentBoxes() {
        assertThat(SealedBox.seal("v", "job-1", LAUNCHER.getPublic()))
                .isNotEqualTo(SealedBox.seal("v", "job-1", LAUNCHER.getPublic()));
    }

    @Test
    void anotherJobAnotherKeyOrATamperedBoxCannotOpenIt() {
        String sealed = SealedBox.seal("value", "job-1", LAUNCHER.getPublic());
        KeyPair other = SealedBox.generateKeyPair();

        assertThatThrownBy(() -> SealedBox.open(sealed, "job-2", LAUNCHER.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("value\"");
        assertThatThrownBy(() -> SealedBox.open(sealed, "job-1", other.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedBox.open(sealed.substring(0, sealed.length() - 8), "job-1", LAUNCHER.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyByteOfAGoldenBoxIsAuthenticated() {
        byte[] box = Base64.getDecoder().decode(GOLDEN_V2);
        var key = SealedBox.decodePrivate(GOLDEN_X25519_KEY);
        for (int i = 0; i < box.length; i++) {
            byte[] tampered = box.clone();
            tampered[i] ^= 0x01;
            String altered = Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> SealedBox.open(altered, "job-golden", key))
                    .as("byte %d altered", i).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("golden-value");
        }
    }

    @Test
    void theKdfBindsTheLaunchersPublicKeyItDerivesFromThePrivateOne() {
        // open derives the launcher's public key as X25519(private, 9): it must be the pair's public key
        XECPublicKey golden = (XECPublicKey) SealedBox.decodePublic(GOLDEN_X25519_PUBLIC);
        String sealed = SealedBox.seal("value", "job-1", golden);

        assertThat(X25519Box.raw(golden)).hasSize(32);
        assertThat(SealedBox.open(sealed, "job-1", SealedBox.decodePrivate(GOLDEN_X25519_KEY))).isEqualTo("value");
        assertThat(SealedBox.open(SealedBox.seal("v", "j", LAUNCHER.getPublic()), "j", LAUNCHER.getPrivate()))
                .isEqualTo("v");
    }

    @Test
    void keysRoundTripThroughPem() {
        String sealed = SealedBox.seal("value", "job-1",
                SealedBox.decodePublic(SealedBox.encodePublic(LAUNCHER.getPublic())));

        assertThat(SealedBox.open(sealed, "job-1", SealedBox.decodePrivate(SealedBox.encodePrivate(LAUNCHER.getPrivate()))))
                .isEqualTo("value");
        assertThat(SealedBox.encodePrivate(LAUNCHER.getPrivate())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThatThrownBy(() -> SealedBox.decodePublic("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1)).doesNotContain("value");
    }
}
