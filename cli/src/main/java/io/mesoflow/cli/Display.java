package io.mesoflow.cli;

import java.io.Console;
import java.io.File;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the CLI's output goes and what it may use there: whether it is a terminal (then live
 * commands redraw in place), whether that terminal takes UTF-8 (then progress bars use block
 * characters, else ASCII), how wide it is, and the clock and zone ETAs are shown in.
 *
 * @param tty     output is an interactive terminal
 * @param unicode the terminal takes UTF-8 (never true when {@code tty} is false)
 * @param width   columns; a redrawn line is cut to fit, so it never wraps
 */
record Display(boolean tty, boolean unicode, int width, Clock clock, ZoneId zone) {
    static final int DEFAULT_WIDTH = 80;

    /** Plain output for a pipe or a file, in UTC: what the tests and scripts see. */
    static Display plain(Clock clock) {
        return new Display(false, false, DEFAULT_WIDTH, clock, ZoneId.of("UTC"));
    }

    /** The process's own terminal (or its absence). */
    static Display detect() {
        Console console = System.console();
        boolean tty = console != null && isTerminal(console);
        String stdout = System.getProperty("stdout.encoding",
                System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name()));
        return new Display(tty, unicode(tty, console == null ? null : console.charset().name(), stdout,
                System.getenv()), tty ? width(System.getenv()) : DEFAULT_WIDTH, Clock.systemUTC(),
                ZoneId.systemDefault());
    }

    /**
     * Block characters only on a terminal whose console and whose standard output both speak UTF-8
     * and that is not {@code TERM=dumb}; anything else gets ASCII.
     */
    static boolean unicode(boolean tty, String consoleCharset, String stdoutCharset, Map<String, String> env) {
        return tty && isUtf8(consoleCharset) && isUtf8(stdoutCharset) && !"dumb".equals(env.get("TERM"));
    }

    private static boolean isUtf8(String charset) {
        return charset != null && (charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8"));
    }

    /** {@code $COLUMNS} where the shell exports it, else what {@code stty size} says, else 80. */
    private static int width(Map<String, String> env) {
        try {
            return Math.max(20, Integer.parseInt(env.getOrDefault("COLUMNS", "").trim()));
        } catch (NumberFormatException notSet) {
            return sttyWidth();
        }
    }

    private static int sttyWidth() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(stty.getInputStream().readAllBytes()).trim();
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] rowsColumns = answer.split("\\s+");
                return Math.max(20, Integer.parseInt(rowsColumns[rowsColumns.length - 1]));
            }
        } catch (Exception noStty) {
            // not a Unix terminal: the default
        }
        return DEFAULT_WIDTH;
    }

    /** JDK 22 and later return a console for redirected output too; it says whether it is a terminal. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
