package io.mesoflow.launcher.artifact;

import java.util.Locale;

/**
 * The archive formats an artifact may be, told by its file name as the Mesos fetcher tells them, so
 * that both backends unpack the same artifacts; anything else is a single file used as it is.
 */
public enum ArchiveFormat {
    ZIP, TAR_GZ, TAR, NONE;

    /** The format of a file named {@code fileName}. */
    public static ArchiveFormat of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return ZIP;
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return TAR_GZ;
        }
        return name.endsWith(".tar") ? TAR : NONE;
    }

    public boolean isArchive() {
        return this != NONE;
    }
}
