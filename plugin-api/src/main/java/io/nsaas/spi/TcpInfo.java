package io.nsaas.spi;

/**
 * A snapshot of one connection, modeled on Linux {@code struct tcp_info}, plus up to
 * {@link #MAX_ALGORITHM_VALUES} named algorithm values (for example DCTCP's {@code alpha}).
 *
 * <p>Ownership: the caller owns and reuses this object; {@link StackInstance#info} overwrites every
 * field (it calls {@link #clear()} first), so no allocation happens per snapshot. Not thread-safe.
 * Units follow Linux: times in microseconds, windows in segments, counts in segments, bytes in bytes.
 */
public final class TcpInfo {
    /** How many named algorithm values one snapshot can hold. */
    public static final int MAX_ALGORITHM_VALUES = 8;

    /** Connection state ({@code tcpi_state}). */
    public TcpState state = TcpState.CLOSED;
    /** Congestion-control algorithm name, as {@link SocketOption#TCP_CONGESTION} reads. */
    public String algorithm = "";
    /** Consecutive unrecovered RTO timeouts ({@code tcpi_retransmits}). */
    public int retransmits;
    /** Exponential backoff count ({@code tcpi_backoff}). */
    public int backoff;
    /** Retransmission timeout, microseconds ({@code tcpi_rto}). */
    public long rtoUs;
    /** Sender MSS in bytes ({@code tcpi_snd_mss}). */
    public int sndMss;
    /** Receiver MSS in bytes ({@code tcpi_rcv_mss}). */
    public int rcvMss;
    /** Segments sent and not yet acknowledged ({@code tcpi_unacked}). */
    public int unacked;
    /** Segments selectively acknowledged ({@code tcpi_sacked}). */
    public int sacked;
    /** Segments presumed lost ({@code tcpi_lost}). */
    public int lost;
    /** Segments retransmitted and not yet acknowledged ({@code tcpi_retrans}). */
    public int retrans;
    /** Smoothed RTT, microseconds ({@code tcpi_rtt}). */
    public long rttUs;
    /** RTT variance, microseconds ({@code tcpi_rttvar}). */
    public long rttVarUs;
    /** Minimum RTT seen, microseconds ({@code tcpi_min_rtt}). */
    public long minRttUs;
    /** Slow-start threshold in segments ({@code tcpi_snd_ssthresh}); {@code Integer.MAX_VALUE} when unset. */
    public int sndSsthresh = Integer.MAX_VALUE;
    /** Congestion window in segments ({@code tcpi_snd_cwnd}). */
    public int sndCwnd;
    /** Peer's advertised receive window in bytes ({@code tcpi_snd_wnd}). */
    public long sndWnd;
    /** Our advertised receive space in bytes ({@code tcpi_rcv_space}). */
    public long rcvSpace;
    /** Total segments retransmitted over the connection's life ({@code tcpi_total_retrans}). */
    public long totalRetrans;
    /** Bytes sent including retransmissions ({@code tcpi_bytes_sent}). */
    public long bytesSent;
    /** Bytes acknowledged by the peer ({@code tcpi_bytes_acked}). */
    public long bytesAcked;
    /** Bytes received in order ({@code tcpi_bytes_received}). */
    public long bytesReceived;
    /** Segments sent ({@code tcpi_segs_out}). */
    public long segsOut;
    /** Segments received ({@code tcpi_segs_in}). */
    public long segsIn;
    /** ECN was negotiated on the handshake ({@code tcpi_options & TCPI_OPT_ECN}, RFC 3168 6.1.1). */
    public boolean ecnNegotiated;
    /** Data segments received with the CE codepoint ({@code tcpi_received_ce}); 0 without ECN. */
    public long ecnCeReceived;
    /** ACKs received with ECE on an ECN connection: the peer echoed congestion. */
    public long ecnEceReceived;
    /** Congestion window reductions in answer to ECE (entries into CWR, RFC 3168 6.1.2). */
    public long ecnReductions;
    /** Segments sent with CWR. */
    public long ecnCwrSent;

    private final String[] valueNames = new String[MAX_ALGORITHM_VALUES];
    private final double[] values = new double[MAX_ALGORITHM_VALUES];
    private int valueCount;

    /** Resets every field to its initial value and drops the algorithm values. */
    public void clear() {
        state = TcpState.CLOSED;
        algorithm = "";
        retransmits = 0;
        backoff = 0;
        rtoUs = 0;
        sndMss = 0;
        rcvMss = 0;
        unacked = 0;
        sacked = 0;
        lost = 0;
        retrans = 0;
        rttUs = 0;
        rttVarUs = 0;
        minRttUs = 0;
        sndSsthresh = Integer.MAX_VALUE;
        sndCwnd = 0;
        sndWnd = 0;
        rcvSpace = 0;
        totalRetrans = 0;
        bytesSent = 0;
        bytesAcked = 0;
        bytesReceived = 0;
        segsOut = 0;
        segsIn = 0;
        ecnNegotiated = false;
        ecnCeReceived = 0;
        ecnEceReceived = 0;
        ecnReductions = 0;
        ecnCwrSent = 0;
        for (int i = 0; i < valueCount; i++) {
            valueNames[i] = null;
        }
        valueCount = 0;
    }

    /**
     * Sets a named algorithm value, replacing an earlier one of the same name.
     *
     * @param name a constant, lower-case name such as {@code "alpha"}
     * @throws IllegalStateException when more than {@link #MAX_ALGORITHM_VALUES} distinct names are set
     */
    public void algorithmValue(String name, double value) {
        for (int i = 0; i < valueCount; i++) {
            if (valueNames[i].equals(name)) {
                values[i] = value;
                return;
            }
        }
        if (valueCount == MAX_ALGORITHM_VALUES) {
            throw new IllegalStateException("more than " + MAX_ALGORITHM_VALUES + " algorithm values");
        }
        valueNames[valueCount] = name;
        values[valueCount] = value;
        valueCount++;
    }

    /** @return how many algorithm values are set */
    public int algorithmValueCount() {
        return valueCount;
    }

    /** @return the name of algorithm value {@code index} (0-based, below {@link #algorithmValueCount()}) */
    public String algorithmValueName(int index) {
        checkIndex(index);
        return valueNames[index];
    }

    /** @return algorithm value {@code index} */
    public double algorithmValue(int index) {
        checkIndex(index);
        return values[index];
    }

    /** @return the value named {@code name}, or {@code NaN} when it is not set */
    public double algorithmValue(String name) {
        for (int i = 0; i < valueCount; i++) {
            if (valueNames[i].equals(name)) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= valueCount) {
            throw new IndexOutOfBoundsException("algorithm value " + index + " of " + valueCount);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(256)
            .append("state=").append(state)
            .append(" algorithm=").append(algorithm)
            .append(" cwnd=").append(sndCwnd)
            .append(" ssthresh=").append(sndSsthresh)
            .append(" rtt_us=").append(rttUs)
            .append(" rttvar_us=").append(rttVarUs)
            .append(" rto_us=").append(rtoUs)
            .append(" mss=").append(sndMss)
            .append(" unacked=").append(unacked)
            .append(" retrans=").append(totalRetrans)
            .append(" bytes_acked=").append(bytesAcked)
            .append(" bytes_received=").append(bytesReceived);
        for (int i = 0; i < valueCount; i++) {
            text.append(' ').append(valueNames[i]).append('=').append(values[i]);
        }
        return text.toString();
    }
}
