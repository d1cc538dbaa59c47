package io.mesoflow.testing;

import io.mesoflow.events.secrets.SealedBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/**
 * The launcher's sealing key pair for a test stack, written before the launcher starts (a launcher
 * with no key generates one at start-up). One pair is generated per test JVM and written into
 * each stack's key folder, unless one is there already.
 */
final class SealingKeys {
    private static KeyPair pair;

    private SealingKeys() {
    }

    static synchronized void provide(Path dir) {
        Path privateFile = dir.resolve("launcher.key");
        if (Files.exists(privateFile)) {
            return;
        }
        if (pair == null) {
            pair = SealedBox.generateKeyPair();
        }
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("launcher.pub")); // a half-written pair from a killed run
            Files.writeString(Files.createFile(dir.resolve("launcher.pub"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-r--r--"))), SealedBox.encodePublic(pair.getPublic()));
            Files.writeString(Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), SealedBox.encodePrivate(pair.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
