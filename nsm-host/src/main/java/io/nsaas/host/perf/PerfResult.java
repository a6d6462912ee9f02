package io.nsaas.host.perf;

import java.util.Locale;

/**
 * What one side measured over one connection.
 *
 * @param bytes       payload bytes sent (client) or received (server)
 * @param sha256      lower-case hex SHA-256 of those bytes
 * @param nanos       duration on the host clock: from accept to end of stream (server), or from
 *                    connection establishment to the peer's close (client)
 * @param retransmits segments the stack retransmitted ({@code tcpi_total_retrans}); -1 when the stack
 *                    could not tell; {@link #NOT_MEASURED} on the receiving side, which does not report it
 * @param ecn         what ECN did on the connection, null when it did not negotiate ECN (or the stack could not tell)
 */
public record PerfResult(long bytes, String sha256, long nanos, long retransmits, EcnCounts ecn) {
    /** {@code retransmits} of a side that does not report them (the field is left out of its JSON). */
    public static final long NOT_MEASURED = Long.MIN_VALUE;

    /** A result without ECN counts. */
    public PerfResult(long bytes, String sha256, long nanos, long retransmits) {
        this(bytes, sha256, nanos, retransmits, null);
    }

    /** @return the duration in seconds */
    public double seconds() {
        return nanos / 1e9;
    }

    /** @return payload throughput in 10^9 bits per second: {@code bytes * 8 / seconds / 1e9}; 0 when no time passed */
    public double gbps() {
        return nanos <= 0 ? 0.0 : bytes * 8.0 / nanos;
    }

    /**
     * Appends the fields {@code bytes, sha256, seconds, gbps} and, when measured, {@code retransmits} and the
     * object {@code ecn} ({@link EcnCounts#toJson()}), each name prefixed.
     */
    public JsonLine appendTo(JsonLine json, String prefix) {
        json.field(prefix + "bytes", bytes)
            .field(prefix + "sha256", sha256)
            .field(prefix + "seconds", seconds())
            .field(prefix + "gbps", gbps());
        if (retransmits != NOT_MEASURED) {
            json.field(prefix + "retransmits", retransmits);
        }
        if (ecn != null) {
            json.field(prefix + "ecn", ecn.toJson());
        }
        return json;
    }

    /** @return the one-line JSON object: {@code {"bytes":N,"sha256":"..","seconds":S,"gbps":G[,"retransmits":R][,"ecn":{..}]}} */
    public String toJson() {
        return appendTo(new JsonLine(), "").toString();
    }

    /** @return a line for people, e.g. {@code 8.00 MiB (8388608 bytes) in 0.012 s = 5.592 Gbit/s} */
    public String toHuman() {
        String text = String.format(Locale.ROOT, "%s (%d bytes) in %.3f s = %.3f Gbit/s", ByteCount.human(bytes), bytes,
            seconds(), gbps());
        if (retransmits != NOT_MEASURED) {
            text += ", " + retransmits + " retransmitted segment(s)";
        }
        if (ecn != null) {
            text += ", " + ecn.toHuman();
        }
        return text + ", sha256 " + sha256;
    }
}
