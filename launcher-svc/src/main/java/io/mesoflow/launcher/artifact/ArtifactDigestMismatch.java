package io.mesoflow.launcher.artifact;

import java.io.IOException;

/** The fetched artifact is not the one the spec pins ({@code artifactSha256}); the message names both digests. */
public final class ArtifactDigestMismatch extends IOException {
    ArtifactDigestMismatch(String name, String actual, String expected) {
        // the words of TaskPrelude's check inside the task, so both backends say it alike
        super("artifact " + name + " has SHA-256 " + actual + ", the spec says " + expected);
    }
}
