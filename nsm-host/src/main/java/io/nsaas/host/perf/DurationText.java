package io.nsaas.host.perf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Durations as users write them: a number (whole or with a decimal fraction) and a unit, {@code ns},
 * {@code us} (or {@code µs}), {@code ms} or {@code s}, case-insensitive: {@code 5ms}, {@code 250us},
 * {@code 1.5ms}, {@code 2s}. A bare {@code 0} needs no unit. At most {@link #MAX_NANOS} (one hour).
 */
public final class DurationText {
    /** The longest duration accepted: one hour. */
    public static final long MAX_NANOS = 3_600_000_000_000L;

    private static final String EXPECTED = "write a number and a unit ns, us, ms or s, e.g. 5ms, 250us or 1.5s";

    private DurationText() {
    }

    /**
     * @return the duration in nanoseconds, in 0..{@link #MAX_NANOS}, rounded to the nanosecond
     * @throws IllegalArgumentException saying what is wrong and what to write instead
     */
    public static long parseNanos(String text) {
        String trimmed = text == null ? "" : text.strip();
        int end = 0;
        while (end < trimmed.length() && (Character.isDigit(trimmed.charAt(end)) || trimmed.charAt(end) == '.')) {
            end++;
        }
        if (end == 0 || !trimmed.substring(0, end).matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; " + EXPECTED);
        }
        BigDecimal number = new BigDecimal(trimmed.substring(0, end));
        String unit = trimmed.substring(end).strip().toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            if (number.signum() == 0) {
                return 0;
            }
            throw new IllegalArgumentException("'" + text + "' has no unit; " + EXPECTED);
        }
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(nanosPer(text, unit)));
        if (nanos.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than the most allowed, 1 hour (3600s)");
        }
        return nanos.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static long nanosPer(String text, String unit) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
            case "µs":
                return 1_000;
            case "ms":
                return 1_000_000;
            case "s":
                return 1_000_000_000;
            default:
                throw new IllegalArgumentException("'" + text + "' has the unknown unit '" + unit + "'; " + EXPECTED);
        }
    }

    /** @return a duration as users write it, without a fraction where possible: {@code 2s}, {@code 1.5ms}, {@code 250us}, {@code 7ns}, {@code 0s} */
    public static String format(long nanos) {
        if (nanos % 1_000 != 0 || nanos == 0) {
            return nanos + (nanos == 0 ? "s" : "ns");
        }
        BigDecimal value = BigDecimal.valueOf(nanos);
        String[] units = {"ns", "us", "ms", "s"};
        int unit = 0;
        while (unit < units.length - 1 && value.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            value = value.movePointLeft(3);
            unit++;
        }
        return value.stripTrailingZeros().toPlainString() + units[unit];
    }
}
