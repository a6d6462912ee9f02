package io.nsaas.host.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.nsaas.host.fabric.link.BitRate;
import io.nsaas.host.perf.ByteCount;
import io.nsaas.host.perf.DurationText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values with units (durations, link rates, sizes in packets or bytes, probabilities,
 * whole numbers) as {@code nsaas sim} scenarios and the host's tenant links write them, and reports
 * each malformed one at its line through the {@link SettingReader}, so that the caller goes on to
 * find the next problem. Every method returns null when it reported a problem.
 *
 * <p>Not thread-safe: one per load, like its {@link SettingReader}.
 */
public final class SettingValues {
    public static final String DURATION = "a duration: a number and a unit ns, us, ms or s, e.g. 10s or 50us";
    public static final String SIZE = "a number of packets or bytes: N packets, or N with a unit B, KB, MB, GB (powers of 1000)"
        + " or KiB, MiB, GiB (powers of 1024), e.g. 466 packets or 700KB";
    public static final String PROBABILITY = "a number from 0 to 1, e.g. 0.01";

    private static final Pattern PACKETS = Pattern.compile("([0-9]+)\\s*packets?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DECIMAL = Pattern.compile("[0-9]*\\.[0-9]+.*");
    private static final Pattern WHOLE = Pattern.compile("[0-9]+");

    /**
     * A buffer, threshold or flow length: packets or bytes.
     *
     * @param amount  how many packets or bytes, {@code >= 0}
     * @param packets true for packets, false for bytes
     */
    public record Size(long amount, boolean packets) {
    }

    private final SettingReader reader;

    public SettingValues(SettingReader reader) {
        this.reader = reader;
    }

    public SettingReader reader() {
        return reader;
    }

    /** @return a non-empty string */
    public String string(String path, ConfigValue value, String expected) {
        String text = reader.text(path, value, expected);
        if (text != null && text.isBlank()) {
            reader.error(path, value, "is empty", expected);
            return null;
        }
        return text;
    }

    /** @return a whole number in min..max */
    public Long whole(String path, ConfigValue value, long min, long max, String expected) {
        String text = reader.text(path, value, expected);
        if (text == null) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            reader.wrongType(path, value, expected);
            return null;
        }
        if (number < min || number > max) {
            reader.error(path, value, "is " + number + ", outside " + min + ".." + max, expected);
            return null;
        }
        return number;
    }

    /** @return a duration in nanoseconds, {@code >= 0} (at most {@link DurationText#MAX_NANOS}) */
    public Long nanos(String path, ConfigValue value, String expected) {
        String text = reader.text(path, value, expected);
        if (text == null) {
            return null;
        }
        if (text.strip().startsWith("-")) {
            reader.error(path, value, "'" + text + "' is negative", expected);
            return null;
        }
        try {
            return DurationText.parseNanos(text);
        } catch (IllegalArgumentException e) {
            reader.error(path, value, problemOf(e), expected);
            return null;
        }
    }

    /** @return a byte count with an optional unit ({@link ByteCount}), {@code >= 0} */
    public Long bytes(String path, ConfigValue value, String expected) {
        String text = reader.text(path, value, expected);
        if (text == null) {
            return null;
        }
        if (text.strip().startsWith("-")) {
            reader.error(path, value, "'" + text + "' is negative", expected);
            return null;
        }
        try {
            return ByteCount.parse(text);
        } catch (IllegalArgumentException e) {
            reader.error(path, value, problemOf(e), expected);
            return null;
        }
    }

    /** @return a rate in bits per second, {@code > 0} */
    public Long rate(String path, ConfigValue value) {
        String text = reader.text(path, value, BitRate.EXPECTED);
        if (text == null) {
            return null;
        }
        long rate;
        try {
            rate = BitRate.parse(text);
        } catch (IllegalArgumentException e) {
            reader.error(path, value, e.getMessage(), BitRate.EXPECTED);
            return null;
        }
        if (rate == 0) {
            reader.error(path, value, "'" + text + "' is zero", "a rate above 0, e.g. 1Gbps");
            return null;
        }
        return rate;
    }

    /**
     * @param bareIsBytes whether a number without a unit means bytes (for {@code bytes = 1000000});
     *                    otherwise it is refused as ambiguous
     * @return a size of at least 0 packets or bytes
     */
    public Size size(String path, ConfigValue value, boolean bareIsBytes, String expected) {
        String text = reader.text(path, value, expected);
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        Matcher packets = PACKETS.matcher(trimmed);
        if (trimmed.startsWith("-")) {
            reader.error(path, value, "'" + text + "' is negative", expected);
        } else if (packets.matches()) {
            try {
                return new Size(Long.parseLong(packets.group(1)), true);
            } catch (NumberFormatException e) {
                reader.error(path, value, "'" + text + "' is too large", expected);
            }
        } else if (DECIMAL.matcher(trimmed).matches()) {
            reader.error(path, value, "'" + text + "' is not a whole number of packets or bytes", expected);
        } else if (!bareIsBytes && WHOLE.matcher(trimmed).matches() && !trimmed.equals("0")) {
            reader.error(path, value, "'" + text + "' has no unit", expected);
        } else {
            try {
                return new Size(ByteCount.parse(trimmed), false);
            } catch (IllegalArgumentException e) {
                reader.error(path, value, problemOf(e), expected);
            }
        }
        return null;
    }

    /** @return a probability in [0,1] */
    public Double probability(String path, ConfigValue value) {
        String text = value.valueType() == ConfigValueType.NUMBER ? value.render(ConfigRenderOptions.concise())
            : reader.text(path, value, PROBABILITY);
        if (text == null) {
            return null;
        }
        double p;
        try {
            p = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            reader.wrongType(path, value, PROBABILITY);
            return null;
        }
        if (!(p >= 0 && p <= 1)) {
            reader.error(path, value, text.strip() + " is outside [0,1]", PROBABILITY);
            return null;
        }
        return p;
    }

    /** @return the part of a unit parser's message that says what is wrong, without its advice */
    private static String problemOf(IllegalArgumentException e) {
        String message = e.getMessage();
        int advice = message.indexOf("; ");
        return advice < 0 ? message : message.substring(0, advice);
    }
}
