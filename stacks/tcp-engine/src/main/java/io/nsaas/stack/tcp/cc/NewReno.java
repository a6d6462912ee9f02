package io.nsaas.stack.tcp.cc;

/**
 * NewReno congestion control: RFC 5681 slow start and congestion avoidance with RFC 3465 byte
 * counting, RFC 5681 equation 4 for ssthresh; the RFC 6582 fast-recovery cwnd arithmetic is the
 * sender's (see {@link CongestionControl}). Named {@code "reno"} as Linux names it.
 *
 * <p>One instance per connection; its only state is the congestion-avoidance byte credit.
 */
public final class NewReno implements CongestionControl {
    /** The algorithm name, as Linux's {@code TCP_CONGESTION} spells it. */
    public static final String NAME = "reno";

    /** Bytes acknowledged in congestion avoidance not yet turned into cwnd growth (RFC 3465 2.1 bytes_acked). */
    private int credit;

    @Override
    public String name() {
        return NAME;
    }

    /** RFC 5681 3.1 equation 4: {@code max(FlightSize / 2, 2*SMSS)}. */
    @Override
    public int ssthresh(CcView tcp) {
        return Math.max(tcp.bytesInFlight() / 2, 2 * tcp.mss());
    }

    /**
     * Slow start below ssthresh (L = 2*SMSS, or 1*SMSS in the slow start after a timeout, RFC 3465
     * 2.3); the bytes left once ssthresh is reached, and every ACK at or above it, go to congestion
     * avoidance: one SMSS per cwnd of acknowledged bytes (RFC 3465 2.1, RFC 5681 3.1). No growth when
     * the sender is not cwnd-limited (RFC 7661).
     */
    @Override
    public int congestionAvoid(CcView tcp, int ackedBytes) {
        int cwnd = tcp.cwnd();
        if (ackedBytes <= 0 || !tcp.isCwndLimited()) {
            return cwnd;
        }
        int ssthresh = tcp.ssthresh();
        int mss = tcp.mss();
        int acked = ackedBytes;
        if (cwnd < ssthresh) {
            int segments = tcp.caState() == CaState.LOSS
                ? SlowStart.ABC_LIMIT_AFTER_RTO_SEGMENTS : SlowStart.ABC_LIMIT_SEGMENTS;
            long limit = segments * (long) mss;
            int grown = SlowStart.slowStartLimited(cwnd, ssthresh, acked, limit);
            acked = SlowStart.leftoverLimited(cwnd, ssthresh, acked, limit);
            cwnd = grown;
            if (acked == 0) {
                return cwnd;
            }
        }
        long grown = SlowStart.additiveIncrease(cwnd, acked, mss, credit, cwnd);
        credit = SlowStart.creditOf(grown);
        return SlowStart.cwndOf(grown);
    }

    /** Linux {@code tcp_reno_undo_cwnd}: {@code max(cwnd, priorCwnd)}. */
    @Override
    public int undoCwnd(CcView tcp) {
        return Math.max(tcp.cwnd(), tcp.priorCwnd());
    }

    @Override
    public void init(CcView tcp) {
        credit = 0;
    }

    /** A reduction starts congestion avoidance afresh (Linux clears {@code snd_cwnd_cnt}). */
    @Override
    public void setState(CcView tcp, CaState state) {
        if (state == CaState.RECOVERY || state == CaState.LOSS || state == CaState.CWR) {
            credit = 0;
        }
    }

    @Override
    public void cwndEvent(CcView tcp, CwndEvent event) {
        if (event == CwndEvent.CWND_RESTART) {
            credit = 0;
        }
    }

    @Override
    public String toString() {
        return NAME + " credit=" + credit;
    }
}
