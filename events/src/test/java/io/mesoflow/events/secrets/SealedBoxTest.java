package io.mesoflow.events.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
    static final KeyPair LAUNCHER = SealedBox.generateKeyPair();

    @Test
    void aSealedValueOpensWithTheLaunchersKeyForItsJob() {
        String sealed = SealedBox.seal("s3cr3t-value", "job-1", LAUNCHER.getPublic());

        assertThat(sealed).doesNotContain("s3cr3t");
        assertThat(SealedBox.open(sealed, "job-1", LAUNCHER.getPrivate())).isEqualTo("s3cr3t-value");
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
        char[] tampered = sealed.toCharArray();
        tampered[tampered.length - 6] = tampered[tampered.length - 6] == 'A' ? 'B' : 'A';

        assertThatThrownBy(() -> SealedBox.open(sealed, "job-2", LAUNCHER.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("value\"");
        assertThatThrownBy(() -> SealedBox.open(sealed, "job-1", other.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedBox.open(new String(tampered), "job-1", LAUNCHER.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysRoundTripThroughPem() {
        String sealed = SealedBox.seal("value", "job-1",
                SealedBox.decodePublic(SealedBox.encodePublic(LAUNCHER.getPublic())));

        assertThat(SealedBox.open(sealed, "job-1", SealedBox.decodePrivate(SealedBox.encodePrivate(LAUNCHER.getPrivate()))))
                .isEqualTo("value");
    }
}
