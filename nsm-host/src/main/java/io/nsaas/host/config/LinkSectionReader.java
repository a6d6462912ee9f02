package io.nsaas.host.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.nsaas.host.fabric.link.BitRate;
import io.nsaas.host.fabric.link.LinkProfile;
import io.nsaas.host.fabric.link.LinkSpec;
import io.nsaas.host.perf.DurationText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks a link block: the {@code bottleneck} of an {@code nsaas sim} scenario, or the
 * {@code link} of a tenant in the host config. Both take the same keys, units and messages:
 *
 * <pre>
 *   rate = 1Gbps                # bps, kbps, Mbps, Gbps, Tbps (powers of 1000), above 0
 *   delay = 50us                # one way: ns, us, ms, s; 0 or more
 *   buffer = 466 packets        # drop-tail limit: N packets, or bytes with a unit (700KB, 64KiB), above 0
 *   ecn-threshold = 20 packets  # optional: CE marking threshold K, packets or bytes; no marking without it
 *   loss = 0.0                  # optional probabilities in [0,1], default 0
 *   duplicate = 0.0
 *   reorder = 0.0
 *   corrupt = 0.0
 * </pre>
 *
 * <p>A bottleneck requires {@code rate}, {@code delay} and {@code buffer} and takes its MTU from the
 * scenario. A tenant's access link requires nothing: without {@code rate} packets are not serialized
 * (no rate limit), {@code delay} defaults to 0 and {@code buffer} to {@value #DEFAULT_BUFFER_PACKETS}
 * packets; it also takes {@code mtu} (default {@value #DEFAULT_MTU}), the longest packet it carries.
 *
 * <p>Every problem is reported at its line through the {@link SettingValues}' reader; not thread-safe.
 */
public final class LinkSectionReader {
    /** The keys of a bottleneck; an access link also takes {@code mtu}. */
    public static final List<String> KEYS = List.of("rate", "delay", "buffer", "ecn-threshold", "loss", "duplicate", "reorder",
        "corrupt");
    /** The MTU of an access link that names none. */
    public static final int DEFAULT_MTU = 1500;
    public static final int MIN_MTU = 576;
    public static final int MAX_MTU = 65535;
    /** The drop-tail limit of an access link that names none (Linux's default txqueuelen). */
    public static final int DEFAULT_BUFFER_PACKETS = 1000;

    /** What an MTU setting must be, for messages. */
    public static final String MTU = "the IP MTU in bytes, " + MIN_MTU + ".." + MAX_MTU + ", e.g. 1500";

    private static final String DELAY = "a one-way delay of 0 or more, e.g. 50us or 10ms";
    private static final String BUFFER = "a queue limit above 0: N packets, or bytes with a unit, e.g. 466 packets or 700KB";
    private static final String THRESHOLD = "a marking threshold K of 0 or more: N packets, or bytes with a unit,"
        + " e.g. 20 packets or 30KB (omit for no marking)";

    private final SettingValues values;
    private final String path;
    private final String reference;

    /**
     * @param path      the block's full path, for messages: {@code bottleneck}, {@code nsaas.tenants.vm-a.link}
     * @param reference where the keys are documented, named in unknown-key messages
     */
    public LinkSectionReader(SettingValues values, String path, String reference) {
        this.values = values;
        this.path = path;
        this.reference = reference;
    }

    /**
     * Reads a scenario's bottleneck: {@code rate}, {@code delay} and {@code buffer} are required.
     *
     * @param mtu the scenario's MTU, or null when it is wrong (then nothing is returned)
     * @return the link, or null when anything in it is wrong (every problem reported)
     */
    public LinkProfile readBottleneck(ConfigObject section, Integer mtu) {
        values.reader().checkKeys(section, path, KEYS, reference);
        return read(section, mtu, true);
    }

    /**
     * Reads a tenant's access link: every key is optional, and {@code mtu} is one of them.
     *
     * @return the link, or null when anything in it is wrong (every problem reported)
     */
    public LinkProfile readAccessLink(ConfigObject section) {
        List<String> keys = new ArrayList<>(KEYS);
        keys.add("mtu");
        values.reader().checkKeys(section, path, keys, reference);
        ConfigValue mtuValue = section.get("mtu");
        Long mtu = mtuValue == null ? Long.valueOf(DEFAULT_MTU) : values.whole(path("mtu"), mtuValue, MIN_MTU, MAX_MTU, MTU);
        LinkProfile link = read(section, mtu == null ? null : mtu.intValue(), false);
        if (link != null) {
            try {
                link.storageBytes("(each direction)");
            } catch (IllegalArgumentException e) {
                values.reader().error(path, section, e.getMessage(), null);
                return null;
            }
        }
        return link;
    }

    private LinkProfile read(ConfigObject section, Integer mtu, boolean required) {
        SettingValues.Size defaultBuffer = new SettingValues.Size(DEFAULT_BUFFER_PACKETS, true);
        Long rate = present(section, "rate", required) ? values.rate(path("rate"), section.get("rate"))
            : required ? null : Long.valueOf(LinkSpec.UNLIMITED_RATE);
        Long delay = present(section, "delay", required) ? values.nanos(path("delay"), section.get("delay"), DELAY)
            : required ? null : Long.valueOf(0);
        SettingValues.Size buffer = present(section, "buffer", required) ? buffer(section.get("buffer"), mtu)
            : required ? null : defaultBuffer;
        SettingValues.Size threshold = section.get("ecn-threshold") == null ? new SettingValues.Size(LinkSpec.NONE, true)
            : packetsFit("ecn-threshold", section.get("ecn-threshold"),
                values.size(path("ecn-threshold"), section.get("ecn-threshold"), false, THRESHOLD));
        Double loss = probability(section, "loss");
        Double duplicate = probability(section, "duplicate");
        Double reorder = probability(section, "reorder");
        Double corrupt = probability(section, "corrupt");
        if (rate == null || delay == null || buffer == null || threshold == null || loss == null || duplicate == null
            || reorder == null || corrupt == null || mtu == null) {
            return null;
        }
        return new LinkProfile(rate, delay,
            buffer.packets() ? (int) buffer.amount() : LinkSpec.NONE, buffer.packets() ? LinkSpec.NONE : buffer.amount(),
            threshold.packets() ? (int) threshold.amount() : LinkSpec.NONE, threshold.packets() ? LinkSpec.NONE : threshold.amount(),
            loss, duplicate, reorder, corrupt, mtu);
    }

    /** @return whether the key is there; a required key that is not is reported */
    private boolean present(ConfigObject section, String key, boolean required) {
        if (section.get(key) != null) {
            return true;
        }
        if (required) {
            String expected = switch (key) {
                case "rate" -> BitRate.EXPECTED;
                case "delay" -> DELAY;
                default -> BUFFER;
            };
            values.reader().error(values.reader().origin(path, section), path(key), "missing required key", expected);
        }
        return false;
    }

    private SettingValues.Size buffer(ConfigValue value, Integer mtu) {
        SettingValues.Size buffer = packetsFit("buffer", value, values.size(path("buffer"), value, false, BUFFER));
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
    private SettingValues.Size packetsFit(String key, ConfigValue value, SettingValues.Size size) {
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

    private String path(String key) {
        return path + "." + key;
    }

    /**
     * @return the link in the block's own syntax with every key, so it reads back as the same link
     *         (except that an unset rate shows as {@code unlimited} and no marking as {@code none}), e.g.
     *         {@code rate = 100 Mbps, delay = 5ms, buffer = 1000 packets, ecn-threshold = none, loss = 0.01,
     *         duplicate = 0, reorder = 0, corrupt = 0, mtu = 1500}
     */
    public static String describe(LinkProfile link) {
        return "rate = " + (link.unlimitedRate() ? "unlimited" : BitRate.human(link.rateBitsPerSecond()))
            + ", delay = " + DurationText.format(link.delayNanos())
            + ", buffer = " + size(link.queueLimitPackets(), link.queueLimitBytes())
            + ", ecn-threshold = " + size(link.ecnThresholdPackets(), link.ecnThresholdBytes())
            + ", loss = " + probability(link.loss()) + ", duplicate = " + probability(link.duplicate())
            + ", reorder = " + probability(link.reorder()) + ", corrupt = " + probability(link.corrupt())
            + ", mtu = " + link.mtu();
    }

    private static String size(int packets, long bytes) {
        return packets != LinkSpec.NONE ? packets + " packets" : bytes != LinkSpec.NONE ? bytes + "B" : "none";
    }

    private static String probability(double p) {
        return p == 0 ? "0" : p == 1 ? "1" : Double.toString(p);
    }
}
