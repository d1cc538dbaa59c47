package io.mesoflow.service.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded default's secret store: one file per secret under {@code <dir>/values}, each value
 * encrypted with AES-256-GCM under {@code <dir>/master.key} (created on first use, mode 600); the
 * secret's name is the associated data, so files cannot be swapped. Names are paths like
 * {@code teams/ml/gcs#key}. Shared by job-api, which writes it ({@code /api/v1/secrets}: admins only,
 * audited; {@code mesoflow secret put|list|delete} call it), and secrets-svc, which reads it
 * ({@code local:} sources). Not a contract between services: both open the same directory, so it
 * lives here rather than in {@code events}.
 */
public final class LocalSecretStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;

    public LocalSecretStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public void put(String name, String value) {
        requireName(name);
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, masterKey(), new GCMParameterSpec(128, iv));
            gcm.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = gcm.doFinal(value.getBytes(StandardCharsets.UTF_8));
            String line = name + "\n" + Base64.getEncoder().encodeToString(iv) + "\n"
                    + Base64.getEncoder().encodeToString(sealed) + "\n";
            writePrivate(file(name), line.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + name, e);
        }
    }

    public Optional<String> get(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] lines = Files.readString(file).split("\n");
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, masterKey(), new GCMParameterSpec(128, Base64.getDecoder().decode(lines[1])));
            gcm.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(gcm.doFinal(Base64.getDecoder().decode(lines[2])), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the stored secret " + name + " cannot be decrypted with " + masterKeyFile());
        }
    }

    /** Names only, sorted; values are never listed. */
    public List<String> list() {
        Path values = dir.resolve("values");
        if (!Files.isDirectory(values)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(values)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                names.add(Files.readString(f).split("\n", 2)[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(null);
        return names;
    }

    public boolean delete(String name) {
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String name) {
        return dir.resolve("values").resolve(HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8)));
    }

    private Path masterKeyFile() {
        return dir.resolve("master.key");
    }

    private synchronized SecretKey masterKey() {
        Path file = masterKeyFile();
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                writePrivate(file, Base64.getEncoder().encode(key));
            }
            return new SecretKeySpec(Base64.getDecoder().decode(Files.readString(file).strip()), "AES");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_./-]+(#[A-Za-z0-9_.-]+)?") || name.contains("..")) {
            throw new IllegalArgumentException("a secret name is a path like teams/ml/gcs or teams/ml/gcs#key");
        }
    }

    private static void writePrivate(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + RANDOM.nextInt(1_000_000));
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
