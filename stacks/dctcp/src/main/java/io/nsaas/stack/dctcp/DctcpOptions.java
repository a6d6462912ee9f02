package io.nsaas.stack.dctcp;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DCTCP plugin's own stack options, split from the engine's ones (which go to
 * {@code TcpConfig.parse}). Immutable; parsed once per stack instance on the host's setup thread.
 *
 * <pre>
 * key                  default  meaning
 * dctcp-shift-g        4        g = 1/2^shift (RFC 8257 4.2: g = 1/16), 0..10 (Linux dctcp_shift_g)
 * dctcp-initial-alpha  1.0      alpha before the first window completes, 0..1 (RFC 8257 3.3: 1;
 *                               Linux dctcp_alpha_on_init = 1024 = 1.0)
 * </pre>
 *
 * @param shiftG the estimation gain as a shift
 * @param initialAlpha the initial congestion estimate
 * @param engineOptions every other option, for the engine (a copy; the caller's map is not changed)
 */
public record DctcpOptions(int shiftG, double initialAlpha, Map<String, String> engineOptions) {
    /** Option key of the estimation gain shift. */
    public static final String SHIFT_G = "dctcp-shift-g";
    /** Option key of the initial alpha. */
    public static final String INITIAL_ALPHA = "dctcp-initial-alpha";
    /** The prefix reserved for this plugin's options. */
    public static final String PREFIX = "dctcp-";

    private static final Set<String> KEYS = Set.of(SHIFT_G, INITIAL_ALPHA);

    /** Validates the values (the compact constructor of the record). */
    public DctcpOptions {
        Objects.requireNonNull(engineOptions, "engineOptions");
        Dctcp.checkParameters(shiftG, initialAlpha);
        engineOptions = Map.copyOf(engineOptions);
    }

    /**
     * Splits a tenant's stack options.
     *
     * @param options the tenant's stack options (never null)
     * @return the DCTCP parameters and the remaining (engine) options
     * @throws IllegalArgumentException for an unknown {@code dctcp-} key or a malformed or out-of-range value;
     *     the message names the key and the accepted values
     */
    public static DctcpOptions parse(Map<String, String> options) {
        Objects.requireNonNull(options, "options");
        Map<String, String> engine = new HashMap<>(options);
        int shiftG = Dctcp.DEFAULT_SHIFT_G;
        double initialAlpha = Dctcp.DEFAULT_INITIAL_ALPHA;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            engine.remove(key);
            String text = Objects.requireNonNullElse(option.getValue(), "").trim();
            switch (key) {
                case SHIFT_G:
                    shiftG = parseShift(text);
                    break;
                case INITIAL_ALPHA:
                    initialAlpha = parseAlpha(text);
                    break;
                default:
                    throw new IllegalArgumentException("unknown stack option '" + key + "' of the dctcp stack; "
                        + "dctcp options: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        return new DctcpOptions(shiftG, initialAlpha, engine);
    }

    /** @return the congestion control these options describe, a new instance per call */
    public Dctcp newDctcp() {
        return new Dctcp(shiftG, initialAlpha);
    }

    private static int parseShift(String text) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stack option " + SHIFT_G + " = '" + text
                + "' is not an integer: use 0.." + Dctcp.MAX_SHIFT_G + " (g = 1/2^shift; 4 gives RFC 8257's g = 1/16)");
        }
        if (value < 0 || value > Dctcp.MAX_SHIFT_G) {
            throw new IllegalArgumentException("stack option " + SHIFT_G + " = " + value
                + " is out of range: use 0.." + Dctcp.MAX_SHIFT_G + " (4 gives RFC 8257's g = 1/16)");
        }
        return value;
    }

    private static double parseAlpha(String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("stack option " + INITIAL_ALPHA + " = '" + text
                + "' is not a number in 0..1: use for example 1.0 (RFC 8257) or 0");
        }
        return value;
    }
}
