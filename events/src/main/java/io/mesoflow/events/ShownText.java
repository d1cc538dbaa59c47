package io.mesoflow.events;

/** Text from a request as a problem may quote it back: control characters escaped, cut when long. */
public final class ShownText {
    /** The most characters quoted; longer text ends in {@code ...}. */
    public static final int MAX_CHARS = 80;

    private ShownText() {
    }

    public static String of(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_CHARS).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > MAX_CHARS ? out.append("...").toString() : out.toString();
    }
}
