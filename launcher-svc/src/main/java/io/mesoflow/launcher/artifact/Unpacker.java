package io.mesoflow.launcher.artifact;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a {@code .zip}, {@code .tar.gz}/{@code .tgz} or {@code .tar} into a {@link SafeTree}, keeping
 * each entry's Unix mode (a zip made on Unix stores it; others get 0644 and 0755), symbolic links, and
 * a tar's hard links. Why commons-compress: {@code java.util.zip} exposes neither modes nor links, so
 * a packed virtualenv lost its executables and {@code bin/python} became a small text file.
 */
final class Unpacker {
    /** The longest symbolic link target read from a zip (PATH_MAX). */
    private static final int MAX_LINK = 4096;

    private Unpacker() {
    }

    /** Unpacks {@code archive} into {@code into}; an unsafe entry refuses the rest of it. */
    static void unpack(Path archive, ArchiveFormat format, SafeTree into) throws IOException {
        switch (format) {
            case ZIP -> zip(archive, into);
            case TAR_GZ -> {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
                    tar(in, into);
                }
            }
            case TAR -> {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
                    tar(in, into);
                }
            }
            case NONE -> throw new IllegalArgumentException(archive + " is not an archive");
        }
        into.finish();
    }

    private static void zip(Path archive, SafeTree into) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                Path rel = EntryPath.of(entry.getName());
                int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & 07777 : 0;
                if (entry.isUnixSymlink()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        into.symlink(rel, new String(in.readNBytes(MAX_LINK), StandardCharsets.UTF_8));
                    }
                } else if (entry.isDirectory()) {
                    into.directory(rel, mode);
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        into.file(rel, in, mode);
                    }
                }
            }
        }
    }

    private static void tar(InputStream in, SafeTree into) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            Path rel = EntryPath.of(entry.getName());
            if (entry.isSymbolicLink()) {
                into.symlink(rel, entry.getLinkName());
            } else if (entry.isLink()) {
                into.hardLink(rel, EntryPath.of(entry.getLinkName()));
            } else if (entry.isDirectory()) {
                into.directory(rel, entry.getMode());
            } else if (entry.isFile()) {
                into.file(rel, tar, entry.getMode());
            } else {
                throw new UnsafeArchiveException("archive entry " + entry.getName()
                        + " is a device or a fifo, which an artifact may not hold");
            }
        }
    }
}
