package io.mesoflow.cli;

/** A text progress bar of a fixed width: block characters on a UTF-8 terminal, ASCII elsewhere. */
final class ProgressBar {
    private static final String PARTIAL = " ▏▎▍▌▋▊▉";
    private static final char FULL = '█';
    private static final char EMPTY = '░';

    private ProgressBar() {
    }

    /**
     * {@code fraction} (clamped to 0..1) of {@code width} characters: {@code ████▌░░░░░} in
     * eighths of a cell, or {@code [###-----]} (brackets included in the width).
     */
    static String render(double fraction, int width, boolean unicode) {
        double done = Double.isNaN(fraction) ? 0 : Math.min(1, Math.max(0, fraction));
        return unicode ? blocks(done, Math.max(1, width)) : ascii(done, Math.max(3, width));
    }

    private static String blocks(double done, int width) {
        int eighths = (int) Math.floor(done * width * 8);
        int full = eighths / 8;
        StringBuilder bar = new StringBuilder(String.valueOf(FULL).repeat(full));
        if (full < width) {
            int partial = eighths % 8;
            bar.append(partial == 0 ? EMPTY : PARTIAL.charAt(partial));
            bar.append(String.valueOf(EMPTY).repeat(width - full - 1));
        }
        return bar.toString();
    }

    private static String ascii(double done, int width) {
        int inner = width - 2;
        int full = (int) Math.floor(done * inner);
        return "[" + "#".repeat(full) + "-".repeat(inner - full) + "]";
    }
}
