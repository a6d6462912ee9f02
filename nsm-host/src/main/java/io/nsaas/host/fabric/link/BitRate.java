package io.nsaas.host.fabric.link;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Link rates as users write them: a number (whole or with a decimal fraction) and a unit of bits per
 * second, {@code bps}, {@code kbps}, {@code Mbps}, {@code Gbps} or {@code Tbps} (powers of 1000, as
 * link rates always are; the letter case of the prefix does not matter): {@code 1Gbps},
 * {@code 100Mbps}, {@code 2.5 Gbps}, {@code 9600bps}. Bytes per second ({@code MBps}) are refused
 * rather than guessed.
 */
public final class BitRate {
    /** What to write instead, for messages. */
    public static final String EXPECTED = "a number and a unit bps, kbps, Mbps, Gbps or Tbps, e.g. 1Gbps or 100Mbps";

    private BitRate() {
    }

    /**
     * @return the rate in bits per second, {@code >= 0}, rounded to the bit
     * @throws IllegalArgumentException saying what is wrong (without the {@link #EXPECTED} part)
     */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        int end = 0;
        while (end < trimmed.length() && (Character.isDigit(trimmed.charAt(end)) || trimmed.charAt(end) == '.')) {
            end++;
        }
        if (end == 0 || !trimmed.substring(0, end).matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a rate");
        }
        String unit = trimmed.substring(end).strip();
        BigDecimal bits = new BigDecimal(trimmed.substring(0, end)).multiply(BigDecimal.valueOf(bitsPer(text, unit)));
        if (bits.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return bits.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static long bitsPer(String text, String unit) {
        if (unit.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no unit");
        }
        if (unit.endsWith("Bps") || unit.endsWith("B/s")) {
            throw new IllegalArgumentException("'" + text + "' is in bytes per second; link rates are in bits per second");
        }
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "bps":
                return 1;
            case "kbps":
                return 1_000L;
            case "mbps":
                return 1_000_000L;
            case "gbps":
                return 1_000_000_000L;
            case "tbps":
                return 1_000_000_000_000L;
            default:
                throw new IllegalArgumentException("'" + text + "' has the unknown unit '" + unit + "'");
        }
    }

    /** @return the rate in the largest unit that keeps it at least 1, e.g. {@code 1 Gbps}, {@code 2.5 Mbps} */
    public static String human(long bitsPerSecond) {
        String[] units = {"bps", "kbps", "Mbps", "Gbps", "Tbps"};
        BigDecimal value = BigDecimal.valueOf(bitsPerSecond);
        int unit = 0;
        while (value.compareTo(BigDecimal.valueOf(1000)) >= 0 && unit < units.length - 1) {
            value = value.movePointLeft(3);
            unit++;
        }
        return value.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " " + units[unit];
    }
}
