package io.mesoflow.launcher.progress;

/**
 * Which scalar tags are kept. A tag is written by the job (an event file's tag, a run directory's name,
 * a {@code progress.jsonl} key), so untrusted: one that is empty, longer than {@link #MAX_CHARS} or holds
 * a control character (an ESC sequence must never reach a console or a terminal that shows it) is
 * dropped with its values. The same rule as job-api's.
 */
public final class ScalarTags {
    /** Longest tag kept (job-api keeps no longer one either). */
    public static final int MAX_CHARS = 200;

    private ScalarTags() {
    }

    public static boolean usable(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_CHARS) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (Character.isISOControl(tag.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
