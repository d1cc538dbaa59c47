package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds test archives entry by entry, with Unix modes and links, as zip, tar or tar.gz. */
public final class Archives {
    private record Entry(String name, String content, int mode, char kind) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public static Archives of() {
        return new Archives();
    }

    public Archives file(String name, String content, int mode) {
        entries.add(new Entry(name, content, mode, 'f'));
        return this;
    }

    public Archives dir(String name, int mode) {
        entries.add(new Entry(name, "", mode, 'd'));
        return this;
    }

    public Archives symlink(String name, String target) {
        entries.add(new Entry(name, target, 0777, 'l'));
        return this;
    }

    /** A tar hard link (zip has none). */
    public Archives hardLink(String name, String target) {
        entries.add(new Entry(name, target, 0644, 'h'));
        return this;
    }

    public Path zip(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.kind == 'd' && !e.name.endsWith("/") ? e.name + "/" : e.name);
                int type = switch (e.kind) {
                    case 'd' -> 040000;
                    case 'l' -> 0120000;
                    default -> 0100000;
                };
                entry.setUnixMode(type | e.mode);
                zip.putArchiveEntry(entry);
                if (e.kind != 'd') {
                    zip.write(e.content.getBytes(StandardCharsets.UTF_8));
                }
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    public Path tarGz(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            tar(out);
        }
        return file;
    }

    public Path tar(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            tar(out);
        }
        return file;
    }

    private void tar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Entry e : entries) {
            TarArchiveEntry entry = switch (e.kind) {
                case 'l' -> new TarArchiveEntry(e.name, TarArchiveEntry.LF_SYMLINK, true);
                case 'h' -> new TarArchiveEntry(e.name, TarArchiveEntry.LF_LINK, true);
                case 'd' -> new TarArchiveEntry(e.name.endsWith("/") ? e.name : e.name + "/", true);
                default -> new TarArchiveEntry(e.name, true); // as written: absolute names too
            };
            if (e.kind == 'l' || e.kind == 'h') {
                entry.setLinkName(e.content);
            }
            entry.setMode(e.mode);
            byte[] bytes = e.kind == 'f' ? e.content.getBytes(StandardCharsets.UTF_8) : new byte[0];
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }
}
