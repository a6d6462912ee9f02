package io.nsaas.host.sim;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.nsaas.host.config.SettingOrigin;
import java.util.List;

/**
 * Reads and checks the {@code bottleneck} section of a scenario. {@code rate}, {@code delay} and
 * {@code buffer} are required; {@code ecn-threshold} is optional (no marking without it); the four
 * fault probabilities default to 0.
 */
final class BottleneckReader {
    static final String PATH = "bottleneck";
    static final List<String> KEYS = List.of("rate", "delay", "buffer", "ecn-threshold", "loss", "duplicate", "reorder", "corrupt");

    private static final String DELAY = "a one-way delay of 0 or more, e.g. 50us or 10ms";
    private static final String BUFFER = "a queue limit above 0: N packets, or bytes with a unit, e.g. 466 packets or 700KB";
    private static final String THRESHOLD = "a marking threshold K of 0 or more: N packets, or bytes with a unit,"
        + " e.g. 20 packets or 30KB (omit for no marking)";

    private final ScenarioValues values;

    BottleneckReader(ScenarioValues values) {
        this.values = values;
    }

    /**
     * @param mtu the scenario's MTU, or null when it is wrong; a byte buffer must hold one packet of it
     * @return the bottleneck, or null when anything in it is wrong (every problem reported)
     */
    BottleneckSpec read(ConfigObject section, Integer mtu) {
        values.reader().checkKeys(section, PATH, KEYS, ScenarioLoader.REFERENCE);
        SettingOrigin where = values.reader().origin(PATH, section);
        Long rate = required(section, where, "rate") ? values.rate(path("rate"), section.get("rate")) : null;
        Long delay = required(section, where, "delay") ? values.nanos(path("delay"), section.get("delay"), DELAY) : null;
        ScenarioValues.Size buffer = required(section, where, "buffer") ? buffer(section.get("buffer"), mtu) : null;
        ScenarioValues.Size threshold = section.get("ecn-threshold") == null ? new ScenarioValues.Size(-1, true)
            : packetsFit("ecn-threshold", section.get("ecn-threshold"),
                values.size(path("ecn-threshold"), section.get("ecn-threshold"), false, THRESHOLD));
        Double loss = probability(section, "loss");
        Double duplicate = probability(section, "duplicate");
        Double reorder = probability(section, "reorder");
        Double corrupt = probability(section, "corrupt");
        if (rate == null || delay == null || buffer == null || threshold == null || loss == null || duplicate == null
            || reorder == null || corrupt == null) {
            return null;
        }
        return new BottleneckSpec(rate, delay,
            buffer.packets() ? (int) buffer.amount() : -1, buffer.packets() ? -1 : buffer.amount(),
            threshold.packets() ? (int) threshold.amount() : -1, threshold.packets() ? -1 : threshold.amount(),
            loss, duplicate, reorder, corrupt);
    }

    private boolean required(ConfigObject section, SettingOrigin where, String key) {
        if (section.get(key) != null) {
            return true;
        }
        String expected = switch (key) {
            case "rate" -> BitRate.EXPECTED;
            case "delay" -> DELAY;
            default -> BUFFER;
        };
        values.reader().error(where, path(key), "missing required key", expected);
        return false;
    }

    private ScenarioValues.Size buffer(ConfigValue value, Integer mtu) {
        ScenarioValues.Size buffer = packetsFit("buffer", value, values.size(path("buffer"), value, false, BUFFER));
        if (buffer == null) {
            return null;
        }
        if (buffer.amount() == 0) {
            values.reader().error(path("buffer"), value, "is zero", BUFFER);
            return null;
        }
        if (!buffer.packets() && mtu != null && buffer.amount() < mtu) {
            values.reader().error(path("buffer"), value, "is " + buffer.amount() + " bytes, less than one packet of the MTU ("
                + mtu + " bytes)", "at least " + mtu + " bytes, or a number of packets");
            return null;
        }
        return buffer;
    }

    /** @return {@code size}, or null when it is a number of packets too large for an int (reported) */
    private ScenarioValues.Size packetsFit(String key, ConfigValue value, ScenarioValues.Size size) {
        if (size != null && size.packets() && size.amount() > Integer.MAX_VALUE) {
            values.reader().error(path(key), value, "is " + size.amount() + " packets", "at most " + Integer.MAX_VALUE + " packets");
            return null;
        }
        return size;
    }

    private Double probability(ConfigObject section, String key) {
        ConfigValue value = section.get(key);
        return value == null ? Double.valueOf(0) : values.probability(path(key), value);
    }

    private static String path(String key) {
        return PATH + "." + key;
    }
}
