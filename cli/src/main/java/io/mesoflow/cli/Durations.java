package io.mesoflow.cli;

/** Durations as people read them. */
final class Durations {
    private Durations() {
    }

    /** A run time to the second: {@code 42s}, {@code 2m05s}, {@code 1h02m05s}; {@code -} when unknown. */
    static String clock(Long seconds) {
        if (seconds == null) {
            return "-";
        }
        return seconds >= 3600 ? String.format("%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    /**
     * An ETA or an age in its two largest units: {@code 42s}, {@code 4m12s}, {@code 1h02m},
     * {@code 3d04h} (a sign is dropped: the caller says "in" or "ago").
     */
    static String compact(long seconds) {
        long s = Math.abs(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format("%dh%02dm", s / 3600, s / 60 % 60);
        }
        return String.format("%dd%02dh", s / 86_400, s / 3600 % 24);
    }

    /**
     * Seconds from {@code 30s}, {@code 2m}, {@code 1h} or a bare number of seconds; a usage error
     * naming {@code option} otherwise.
     */
    static long seconds(String text, String option) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smh]?)").matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(ExitCodes.USAGE, option + " must be a duration like 30s, 2m or 1h (got '"
                    + TerminalText.clean(text) + "')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }
}
