package io.nsaas.stack.tcp;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Engine settings, parsed from a tenant's stack options ({@code stack-options} in the host config).
 * Immutable. Durations accept a plain number of milliseconds or a suffix {@code ms}/{@code s};
 * booleans {@code true}/{@code false}/{@code on}/{@code off}; sizes a byte count or a suffix
 * {@code k}/{@code m} (binary).
 *
 * <pre>
 * key                default   meaning
 * mtu                1500      link MTU; the advertised MSS is mtu - 40 (576..65535)
 * min-rto            200ms     lower bound of the retransmission timeout (RFC 6298 2.4; Linux 200 ms)
 * max-rto            120s      upper bound of the retransmission timeout
 * initial-rto        1s        RTO before the first RTT sample (RFC 6298 2.1)
 * time-wait          60s       TIME_WAIT duration, 2*MSL (Linux 60 s)
 * fin-timeout        60s       lifetime of an orphaned FIN_WAIT_2 connection (Linux tcp_fin_timeout)
 * rcvbuf             256k      receive buffer per connection (SO_RCVBUF default)
 * sndbuf             256k      send buffer per connection (SO_SNDBUF default)
 * initial-window     10        initial congestion window in segments (RFC 6928)
 * delayed-ack        40ms      delayed-ACK timer; 0 acknowledges every segment at once
 * sack               true      offer and accept SACK (RFC 2018)
 * timestamps         true      offer and accept timestamps (RFC 7323)
 * window-scaling     true      offer and accept window scaling (RFC 7323)
 * nodelay-default    false     TCP_NODELAY of new sockets
 * syn-retries        6         SYN retransmissions before connect fails (Linux tcp_syn_retries)
 * synack-retries     5         SYN-ACK retransmissions (Linux tcp_synack_retries)
 * retries2           15        RTO retransmissions before an established connection is dropped
 * keepalive-time     7200s     idle time before the first keepalive probe
 * keepalive-interval 75s       time between keepalive probes
 * keepalive-probes   9         unanswered probes before the connection is dropped
 * max-sockets        65536     socket ids per tenant
 * max-backlog        4096      upper bound of a listen backlog (Linux somaxconn)
 * challenge-ack-limit 1000     challenge ACKs per second (RFC 5961 7)
 * ecn                off       Explicit Congestion Notification (RFC 3168): off, on (request on active opens
 *                              and accept on passive ones, Linux tcp_ecn=1) or accept (only when the peer
 *                              asks, tcp_ecn=2); a congestion control that needs ECN (DCTCP) always
 *                              requests and accepts it
 * </pre>
 */
public final class TcpConfig {
    private static final Set<String> KEYS = Set.of("mtu", "min-rto", "max-rto", "initial-rto", "time-wait",
        "fin-timeout", "rcvbuf", "sndbuf", "initial-window", "delayed-ack", "sack", "timestamps", "window-scaling",
        "nodelay-default", "syn-retries", "synack-retries", "retries2", "keepalive-time", "keepalive-interval",
        "keepalive-probes", "max-sockets", "max-backlog", "challenge-ack-limit", "ecn");

    public final int mtu;
    public final long minRtoUs;
    public final long maxRtoUs;
    public final long initialRtoUs;
    public final long timeWaitNanos;
    public final long finTimeoutNanos;
    public final int rcvBuf;
    public final int sndBuf;
    public final int initialWindow;
    public final long delayedAckNanos;
    public final boolean sack;
    public final boolean timestamps;
    public final boolean windowScaling;
    public final boolean nodelayDefault;
    public final int synRetries;
    public final int synAckRetries;
    public final int retries2;
    public final long keepaliveTimeNanos;
    public final long keepaliveIntervalNanos;
    public final int keepaliveProbes;
    public final int maxSockets;
    public final int maxBacklog;
    public final int challengeAckLimit;
    /** The {@code ecn} option: when connections negotiate ECN (RFC 3168 6.1.1). */
    public final EcnMode ecn;

    private TcpConfig(Map<String, String> options) {
        Reader r = new Reader(options);
        mtu = (int) r.number("mtu", 1500, 576, 65535);
        minRtoUs = r.millis("min-rto", 200, 1, 60_000) * 1000;
        maxRtoUs = r.millis("max-rto", 120_000, 1, 3_600_000) * 1000;
        initialRtoUs = r.millis("initial-rto", 1000, 1, 600_000) * 1000;
        timeWaitNanos = r.millis("time-wait", 60_000, 0, 3_600_000) * 1_000_000;
        finTimeoutNanos = r.millis("fin-timeout", 60_000, 0, 3_600_000) * 1_000_000;
        rcvBuf = (int) r.size("rcvbuf", 256 * 1024, 2048, 64 << 20);
        sndBuf = (int) r.size("sndbuf", 256 * 1024, 2048, 64 << 20);
        initialWindow = (int) r.number("initial-window", 10, 1, 1000);
        delayedAckNanos = r.millis("delayed-ack", 40, 0, 500) * 1_000_000;
        sack = r.bool("sack", true);
        timestamps = r.bool("timestamps", true);
        windowScaling = r.bool("window-scaling", true);
        nodelayDefault = r.bool("nodelay-default", false);
        synRetries = (int) r.number("syn-retries", 6, 1, 127);
        synAckRetries = (int) r.number("synack-retries", 5, 1, 127);
        retries2 = (int) r.number("retries2", 15, 1, 127);
        keepaliveTimeNanos = r.millis("keepalive-time", 7_200_000, 1, 32_767_000) * 1_000_000;
        keepaliveIntervalNanos = r.millis("keepalive-interval", 75_000, 1, 32_767_000) * 1_000_000;
        keepaliveProbes = (int) r.number("keepalive-probes", 9, 1, 127);
        maxSockets = (int) r.number("max-sockets", 65_536, 1, 1 << 24);
        maxBacklog = (int) r.number("max-backlog", 4096, 1, 65_535);
        challengeAckLimit = (int) r.number("challenge-ack-limit", 1000, 1, 1_000_000);
        String ecnText = options.get("ecn");
        ecn = ecnText == null ? EcnMode.OFF : EcnMode.parse(ecnText);
        if (minRtoUs > maxRtoUs) {
            throw new IllegalArgumentException("stack option min-rto (" + minRtoUs / 1000 + " ms) exceeds max-rto ("
                + maxRtoUs / 1000 + " ms): lower min-rto or raise max-rto");
        }
    }

    /**
     * @param options the tenant's stack options (never null)
     * @return the parsed settings
     * @throws IllegalArgumentException naming the key and the expected form when a key is unknown or a value bad
     */
    public static TcpConfig parse(Map<String, String> options) {
        Objects.requireNonNull(options, "options");
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown stack option '" + key + "'; known options: "
                    + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        return new TcpConfig(options);
    }

    /** @return the defaults */
    public static TcpConfig defaults() {
        return parse(Map.of());
    }

    /** @return the MSS this end advertises: MTU minus the IPv4 and TCP headers (RFC 9293 3.7.1) */
    public int advertisedMss() {
        return mtu - 40;
    }

    /** Parses one option at a time with messages naming the key. */
    private static final class Reader {
        private final Map<String, String> options;

        Reader(Map<String, String> options) {
            this.options = options;
        }

        long number(String key, long dflt, long min, long max) {
            String text = options.get(key);
            if (text == null) {
                return dflt;
            }
            return check(key, text, parseLong(key, text.trim(), "an integer"), min, max, "");
        }

        long millis(String key, long dflt, long min, long max) {
            String text = options.get(key);
            if (text == null) {
                return dflt;
            }
            String t = text.trim().toLowerCase();
            long scale = 1;
            if (t.endsWith("ms")) {
                t = t.substring(0, t.length() - 2).trim();
            } else if (t.endsWith("s")) {
                t = t.substring(0, t.length() - 1).trim();
                scale = 1000;
            }
            long value = parseLong(key, t, "a duration such as 200, 200ms or 2s") * scale;
            return check(key, text, value, min, max, " ms");
        }

        long size(String key, long dflt, long min, long max) {
            String text = options.get(key);
            if (text == null) {
                return dflt;
            }
            String t = text.trim().toLowerCase();
            long scale = 1;
            if (t.endsWith("k")) {
                scale = 1024;
            } else if (t.endsWith("m")) {
                scale = 1024 * 1024;
            }
            if (scale != 1) {
                t = t.substring(0, t.length() - 1).trim();
            }
            long value = parseLong(key, t, "a byte size such as 262144, 256k or 1m") * scale;
            return check(key, text, value, min, max, " bytes");
        }

        boolean bool(String key, boolean dflt) {
            String text = options.get(key);
            if (text == null) {
                return dflt;
            }
            switch (text.trim().toLowerCase()) {
                case "true": case "on": case "yes": case "1": return true;
                case "false": case "off": case "no": case "0": return false;
                default:
                    throw new IllegalArgumentException("stack option " + key + " = '" + text
                        + "' is not a boolean: use true or false");
            }
        }

        private static long parseLong(String key, String text, String expected) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("stack option " + key + " = '" + text + "' is not " + expected);
            }
        }

        private static long check(String key, String text, long value, long min, long max, String unit) {
            if (value < min || value > max) {
                throw new IllegalArgumentException("stack option " + key + " = '" + text + "' is outside "
                    + min + unit + ".." + max + unit);
            }
            return value;
        }
    }
}
