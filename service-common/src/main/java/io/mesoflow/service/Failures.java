package io.mesoflow.service;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Which handler failures are worth retrying. A database, broker or network failure (anywhere in
 * the cause chain) passes: retry until it succeeds. A programming error (a null, a bad argument,
 * a wrong state) fails the same way every time: retrying it blocks the partition behind one record.
 */
public final class Failures {
    private static final Set<Class<? extends RuntimeException>> PROGRAMMING_ERRORS = Set.of(
            NullPointerException.class, IllegalArgumentException.class, IllegalStateException.class,
            ClassCastException.class, IndexOutOfBoundsException.class, UnsupportedOperationException.class,
            ArithmeticException.class);

    private Failures() {
    }

    /** True when {@code e} is a programming error with no I/O or database failure behind it. */
    public static boolean isPermanent(Throwable e) {
        boolean programming = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof IOException
                    || t.getClass().getName().startsWith("org.apache.kafka.common.errors")) {
                return false;
            }
            Throwable cause = t;
            programming |= PROGRAMMING_ERRORS.stream().anyMatch(c -> c.isInstance(cause));
        }
        return programming;
    }
}
