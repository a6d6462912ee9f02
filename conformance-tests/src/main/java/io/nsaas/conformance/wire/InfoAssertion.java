package io.nsaas.conformance.wire;

import io.nsaas.spi.TcpInfo;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One comparison of a {@code %{ assert ... }%} block, such as {@code tcpi_snd_cwnd == 10}: a Linux
 * {@code struct tcp_info} field name mapped onto {@link TcpInfo}, an operator and a number.
 *
 * @param field    the {@code tcpi_*} name as written
 * @param operator one of {@code == != < <= > >=}
 * @param value    the number compared against
 */
public record InfoAssertion(String field, String operator, double value) {
    private static final Map<String, ToDoubleFunction<TcpInfo>> FIELDS = Map.ofEntries(
        Map.entry("tcpi_state", info -> info.state.linux()),
        Map.entry("tcpi_retransmits", info -> info.retransmits),
        Map.entry("tcpi_backoff", info -> info.backoff),
        Map.entry("tcpi_rto", info -> info.rtoUs),
        Map.entry("tcpi_snd_mss", info -> info.sndMss),
        Map.entry("tcpi_rcv_mss", info -> info.rcvMss),
        Map.entry("tcpi_unacked", info -> info.unacked),
        Map.entry("tcpi_sacked", info -> info.sacked),
        Map.entry("tcpi_lost", info -> info.lost),
        Map.entry("tcpi_retrans", info -> info.retrans),
        Map.entry("tcpi_rtt", info -> info.rttUs),
        Map.entry("tcpi_rttvar", info -> info.rttVarUs),
        Map.entry("tcpi_min_rtt", info -> info.minRttUs),
        Map.entry("tcpi_snd_ssthresh", info -> info.sndSsthresh),
        Map.entry("tcpi_snd_cwnd", info -> info.sndCwnd),
        Map.entry("tcpi_snd_wnd", info -> info.sndWnd),
        Map.entry("tcpi_rcv_space", info -> info.rcvSpace),
        Map.entry("tcpi_total_retrans", info -> info.totalRetrans),
        Map.entry("tcpi_bytes_sent", info -> info.bytesSent),
        Map.entry("tcpi_bytes_acked", info -> info.bytesAcked),
        Map.entry("tcpi_bytes_received", info -> info.bytesReceived),
        Map.entry("tcpi_segs_out", info -> info.segsOut),
        Map.entry("tcpi_segs_in", info -> info.segsIn));

    /** @return whether {@code field} names a supported {@code tcpi_*} field */
    public static boolean knows(String field) {
        return FIELDS.containsKey(field);
    }

    /** @return the supported field names, for error messages */
    public static String supportedFields() {
        return String.join(", ", new java.util.TreeSet<>(FIELDS.keySet()));
    }

    /** @return the field's value in {@code info} */
    public double actual(TcpInfo info) {
        return FIELDS.get(field).applyAsDouble(info);
    }

    /** @return whether the comparison holds for {@code actual} */
    public boolean holds(double actual) {
        return switch (operator) {
            case "==" -> actual == value;
            case "!=" -> actual != value;
            case "<" -> actual < value;
            case "<=" -> actual <= value;
            case ">" -> actual > value;
            case ">=" -> actual >= value;
            default -> throw new IllegalStateException("operator " + operator);
        };
    }

    @Override
    public String toString() {
        return field + " " + operator + " " + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
    }
}
