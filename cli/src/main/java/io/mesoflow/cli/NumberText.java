package io.mesoflow.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers of a progress report as people read them. */
final class NumberText {
    private NumberText() {
    }

    /** A percentage rounded down (99.7% is not done): {@code 40%}. */
    static String percent(double fraction) {
        return (int) Math.floor(Math.min(1, Math.max(0, fraction)) * 100 + 1e-9) + "%";
    }

    /** A step rate with three significant figures or so: {@code 85.2}, {@code 4.25}, {@code 1204}. */
    static String rate(double perSecond) {
        double abs = Math.abs(perSecond);
        return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f", perSecond);
    }

    /** A scalar's value to four significant figures: {@code 0.312}, {@code 12.5}, {@code 1.235e+06}, {@code nan}. */
    static String scalar(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        if (abs >= 1e5 || abs < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** GPU-hours to the hundredth: {@code 0.50}. */
    static String hours(double hours) {
        return String.format(Locale.ROOT, "%.2f", hours);
    }
}
