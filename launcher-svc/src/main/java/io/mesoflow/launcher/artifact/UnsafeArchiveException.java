package io.mesoflow.launcher.artifact;

import java.io.IOException;

/** An archive that would write outside its folder or through a link; nothing more of it is unpacked. */
public final class UnsafeArchiveException extends IOException {
    UnsafeArchiveException(String message) {
        super(message);
    }
}
