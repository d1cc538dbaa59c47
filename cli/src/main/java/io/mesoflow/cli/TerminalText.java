package io.mesoflow.cli;

/**
 * Text from the API made safe for a terminal. Tags, names and reasons come from what users and
 * their jobs wrote, so they may hold ESC sequences (recolour, move the cursor, retitle the window)
 * or line breaks that would forge lines: every control character (U+0000-U+001F, U+007F-U+009F) is
 * shown escaped, {@code \x1b} for ESC, so such text prints as one visible line.
 */
final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with its control characters escaped ({@code \xNN}); null stays null. */
    static String clean(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder s = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                s.append(String.format("\\x%02x", c));
            } else {
                s.append((char) c);
            }
        });
        return s.toString();
    }
}
