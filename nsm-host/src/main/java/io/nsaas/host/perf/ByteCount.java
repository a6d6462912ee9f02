package io.nsaas.host.perf;

import java.util.Locale;

/**
 * Byte counts as users write them: a whole number with an optional unit, case-insensitive:
 * {@code B} (or {@code byte}, {@code bytes}); decimal {@code KB} (10^3), {@code MB} (10^6), {@code GB} (10^9), {@code TB} (10^12);
 * binary {@code KiB} (2^10), {@code MiB} (2^20), {@code GiB} (2^30), {@code TiB} (2^40).
 * So {@code 20MB} is 20,000,000 bytes and {@code 1GiB} is 1,073,741,824. Single letters such as
 * {@code 1G} are refused because they are ambiguous between the two.
 */
public final class ByteCount {
    private static final String EXPECTED =
        "write a whole number with an optional unit B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 20MB or 1GiB";

    private ByteCount() {
    }

    /**
     * @return the number of bytes, {@code >= 0}
     * @throws IllegalArgumentException saying what is wrong and what to write instead
     */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int digits = 0;
        while (digits < trimmed.length() && trimmed.charAt(digits) >= '0' && trimmed.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a byte count; " + EXPECTED);
        }
        String unit = trimmed.substring(digits).strip();
        long multiplier = multiplier(text, unit);
        long value;
        try {
            value = Long.parseLong(trimmed.substring(0, digits));
            return Math.multiplyExact(value, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large; the most is " + Long.MAX_VALUE + " bytes", e);
        }
    }

    private static long multiplier(String text, String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "":
            case "b":
            case "byte":
            case "bytes":
                return 1;
            case "kb":
                return 1_000L;
            case "mb":
                return 1_000_000L;
            case "gb":
                return 1_000_000_000L;
            case "tb":
                return 1_000_000_000_000L;
            case "kib":
                return 1L << 10;
            case "mib":
                return 1L << 20;
            case "gib":
                return 1L << 30;
            case "tib":
                return 1L << 40;
            case "k":
            case "m":
            case "g":
            case "t":
                throw new IllegalArgumentException("'" + text + "' has the ambiguous unit '" + unit + "'; write "
                    + unit.toUpperCase(Locale.ROOT) + "B (powers of 1000) or " + unit.toUpperCase(Locale.ROOT)
                    + "iB (powers of 1024)");
            default:
                throw new IllegalArgumentException("'" + text + "' has the unknown unit '" + unit + "'; " + EXPECTED);
        }
    }

    /** @return {@code n} in the largest binary unit that keeps it at least 1, e.g. {@code 8.00 MiB} */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
